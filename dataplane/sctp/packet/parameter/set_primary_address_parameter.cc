#include "dataplane/sctp/packet/parameter/set_primary_address_parameter.h"

#include "dataplane/sctp/packet/bytes.h"

namespace sctpdp {

ParseResult<SetPrimaryAddressParameter> SetPrimaryAddressParameter::Parse(
    std::span<const uint8_t> data) {
  ParseResult<AsconfAddressRequestFields> fields = ParseAsconfAddressRequest(data, kType);
  if (!fields.ok()) return fields.error();
  return SetPrimaryAddressParameter{.correlation_id = fields->correlation_id,
                                    .address = fields->address};
}

void SetPrimaryAddressParameter::SerializeTo(std::span<uint8_t> out) const {
  SerializeAsconfAddressRequest(out, kType, {.correlation_id = correlation_id, .address = address});
}

std::string SetPrimaryAddressParameter::ToString() const {
  return AsconfAddressRequestToString(kType,
                                      {.correlation_id = correlation_id, .address = address});
}

bool operator==(const SetPrimaryAddressParameter& a, const SetPrimaryAddressParameter& b) {
  return a.correlation_id == b.correlation_id && BytesEqual(a.address, b.address);
}

}  // namespace sctpdp
