#include "dataplane/sctp/packet/parameter/state_cookie_parameter.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/bytes.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<StateCookieParameter> StateCookieParameter::Parse(std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ParameterFormat(kType, kHeaderSize))) return *error;
  BoundedByteReader<kHeaderSize> reader(data);
  return StateCookieParameter{.cookie = reader.variable_data()};
}

void StateCookieParameter::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteTlvHeader(out, static_cast<uint16_t>(kType), WireSize());
  writer.CopyToVariableData(cookie);
}

std::string StateCookieParameter::ToString() const {
  return fmt::format("State Cookie len={} cookie={}", cookie.size(), HexString(cookie));
}

bool operator==(const StateCookieParameter& a, const StateCookieParameter& b) {
  return BytesEqual(a.cookie, b.cookie);
}

}  // namespace sctpdp
