#include "dataplane/sctp/packet/parameter/ipv4_address_parameter.h"

#include <fmt/format.h>

#include <algorithm>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<Ipv4AddressParameter> Ipv4AddressParameter::Parse(std::span<const uint8_t> data) {
  if (auto error =
          CheckTlvFraming(data, ParameterFormat(kType, kHeaderSize, /*fixed_size=*/true))) {
    return *error;
  }
  BoundedByteReader<kHeaderSize> reader(data);
  Ipv4AddressParameter parameter;
  std::span<const uint8_t, 4> address = reader.LoadBytes<4, 4>();
  std::copy(address.begin(), address.end(), parameter.address.begin());
  return parameter;
}

void Ipv4AddressParameter::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteTlvHeader(out, static_cast<uint16_t>(kType), WireSize());
  writer.StoreBytes<4, 4>(address);
}

std::string Ipv4AddressParameter::AddressString() const {
  return fmt::format("{}.{}.{}.{}", address[0], address[1], address[2], address[3]);
}

std::string Ipv4AddressParameter::ToString() const { return "IPv4 Address " + AddressString(); }

}  // namespace sctpdp
