#include "dataplane/sctp/packet/error_cause/restart_with_new_addresses_cause.h"

#include <fmt/format.h>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/bytes.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

ParseResult<RestartWithNewAddressesCause> RestartWithNewAddressesCause::Parse(
    std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ErrorCauseFormat(kType, kHeaderSize))) return *error;
  BoundedByteReader<kHeaderSize> reader(data);
  auto list = TlvList::Parse(reader.variable_data(), WireKind::kParameter);
  if (!list.ok()) return list.error().At(kHeaderSize);
  return RestartWithNewAddressesCause{.new_addresses = *list};
}

void RestartWithNewAddressesCause::SerializeTo(std::span<uint8_t> out) const {
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteTlvHeader(out, static_cast<uint16_t>(kType), WireSize());
  new_addresses.SerializeTo(writer.variable_data());
}

std::string RestartWithNewAddressesCause::ToString() const {
  std::string addresses;
  for (TlvList::Field field : new_addresses) {
    if (!addresses.empty()) addresses += ", ";
    // The value without the four-byte parameter header.
    addresses += fmt::format("{}:{}", field.type, HexString(field.bytes.subspan(kTlvHeaderSize)));
  }
  return fmt::format("{} new_addresses=[{}]", ErrorCauseName(kType), addresses);
}

}  // namespace sctpdp
