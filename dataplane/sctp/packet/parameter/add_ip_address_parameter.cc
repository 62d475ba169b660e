#include "dataplane/sctp/packet/parameter/add_ip_address_parameter.h"

#include "dataplane/sctp/packet/bytes.h"

namespace sctpdp {

ParseResult<AddIpAddressParameter> AddIpAddressParameter::Parse(std::span<const uint8_t> data) {
  ParseResult<AsconfAddressRequestFields> fields = ParseAsconfAddressRequest(data, kType);
  if (!fields.ok()) return fields.error();
  return AddIpAddressParameter{.correlation_id = fields->correlation_id,
                               .address = fields->address};
}

void AddIpAddressParameter::SerializeTo(std::span<uint8_t> out) const {
  SerializeAsconfAddressRequest(out, kType, {.correlation_id = correlation_id, .address = address});
}

std::string AddIpAddressParameter::ToString() const {
  return AsconfAddressRequestToString(kType,
                                      {.correlation_id = correlation_id, .address = address});
}

bool operator==(const AddIpAddressParameter& a, const AddIpAddressParameter& b) {
  return a.correlation_id == b.correlation_id && BytesEqual(a.address, b.address);
}

}  // namespace sctpdp
