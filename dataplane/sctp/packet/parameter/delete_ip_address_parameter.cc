#include "dataplane/sctp/packet/parameter/delete_ip_address_parameter.h"

#include "dataplane/sctp/packet/bytes.h"

namespace sctpdp {

ParseResult<DeleteIpAddressParameter> DeleteIpAddressParameter::Parse(
    std::span<const uint8_t> data) {
  ParseResult<AsconfAddressRequestFields> fields = ParseAsconfAddressRequest(data, kType);
  if (!fields.ok()) return fields.error();
  return DeleteIpAddressParameter{.correlation_id = fields->correlation_id,
                                  .address = fields->address};
}

void DeleteIpAddressParameter::SerializeTo(std::span<uint8_t> out) const {
  SerializeAsconfAddressRequest(out, kType, {.correlation_id = correlation_id, .address = address});
}

std::string DeleteIpAddressParameter::ToString() const {
  return AsconfAddressRequestToString(kType,
                                      {.correlation_id = correlation_id, .address = address});
}

bool operator==(const DeleteIpAddressParameter& a, const DeleteIpAddressParameter& b) {
  return a.correlation_id == b.correlation_id && BytesEqual(a.address, b.address);
}

}  // namespace sctpdp
