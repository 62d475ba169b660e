#include "dataplane/sctp/packet/parameter/ipv6_address_parameter.h"

#include <arpa/inet.h>

#include <algorithm>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<Ipv6AddressParameter> Ipv6AddressParameter::Parse(std::span<const uint8_t> data) {
  if (auto error =
          CheckTlvFraming(data, ParameterFormat(kType, kHeaderSize, /*fixed_size=*/true))) {
    return *error;
  }
  BoundedByteReader<kHeaderSize> reader(data);
  Ipv6AddressParameter parameter;
  std::span<const uint8_t, 16> address = reader.LoadBytes<4, 16>();
  std::copy(address.begin(), address.end(), parameter.address.begin());
  return parameter;
}

void Ipv6AddressParameter::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteTlvHeader(out, static_cast<uint16_t>(kType), WireSize());
  writer.StoreBytes<4, 16>(address);
}

std::string Ipv6AddressParameter::AddressString() const {
  // inet_ntop is a pure formatting function; it writes the RFC 5952 form.
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(AF_INET6, address.data(), text, sizeof(text));
  return text;
}

std::string Ipv6AddressParameter::ToString() const { return "IPv6 Address " + AddressString(); }

}  // namespace sctpdp
