#include "dataplane/sctp/packet/parameter/host_name_address_parameter.h"

#include <fmt/format.h>

#include <algorithm>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/bytes.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<HostNameAddressParameter> HostNameAddressParameter::Parse(
    std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ParameterFormat(kType, kHeaderSize))) return *error;
  BoundedByteReader<kHeaderSize> reader(data);
  return HostNameAddressParameter{.host_name = reader.variable_data()};
}

void HostNameAddressParameter::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteTlvHeader(out, static_cast<uint16_t>(kType), WireSize());
  writer.CopyToVariableData(host_name);
}

std::string_view HostNameAddressParameter::Name() const {
  const auto end = std::find(host_name.begin(), host_name.end(), uint8_t{0});
  return std::string_view(reinterpret_cast<const char*>(host_name.data()),
                          static_cast<size_t>(end - host_name.begin()));
}

std::string HostNameAddressParameter::ToString() const {
  // Peer-controlled bytes: show anything outside printable ASCII as '?'.
  std::string name(Name());
  for (char& c : name) {
    if (c < 0x20 || c > 0x7e) c = '?';
  }
  return fmt::format("Host Name Address host_name=\"{}\" len={}", name, host_name.size());
}

bool operator==(const HostNameAddressParameter& a, const HostNameAddressParameter& b) {
  return BytesEqual(a.host_name, b.host_name);
}

}  // namespace sctpdp
