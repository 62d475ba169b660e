#include "dataplane/sctp/packet/parameter/reconfiguration_response_parameter.h"

#include <fmt/format.h>

#include <cstdlib>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"
#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {

std::string_view ReconfigResultName(ReconfigResult result) {
  switch (result) {
    case ReconfigResult::kSuccessNothingToDo: return "Success - Nothing to do";
    case ReconfigResult::kSuccessPerformed: return "Success - Performed";
    case ReconfigResult::kDenied: return "Denied";
    case ReconfigResult::kErrorWrongSsn: return "Error - Wrong SSN";
    case ReconfigResult::kErrorRequestAlreadyInProgress:
      return "Error - Request already in progress";
    case ReconfigResult::kErrorBadSequenceNumber: return "Error - Bad Sequence Number";
    case ReconfigResult::kInProgress: return "In progress";
  }
  return "unknown";
}

ParseResult<ReconfigurationResponseParameter> ReconfigurationResponseParameter::Parse(
    std::span<const uint8_t> data) {
  if (auto error = CheckTlvFraming(data, ParameterFormat(kType, kHeaderSize))) return *error;
  if (data.size() != kHeaderSize && data.size() != kSizeWithNextTsns) {
    return ParseError{.code = ParseErrorCode::kBadLength,
                      .kind = WireKind::kParameter,
                      .type = static_cast<uint16_t>(kType),
                      .offset = 2};
  }
  BoundedByteReader<kHeaderSize> reader(data);
  ReconfigurationResponseParameter parameter{
      .response_sn = ReconfigRequestSn(reader.Load32<4>()),
      .result = static_cast<ReconfigResult>(reader.Load32<8>())};
  if (data.size() == kSizeWithNextTsns) {
    BoundedByteReader<kSizeWithNextTsns> full(data);
    parameter.sender_next_tsn = Tsn(full.Load32<12>());
    parameter.receiver_next_tsn = Tsn(full.Load32<16>());
  }
  return parameter;
}

void ReconfigurationResponseParameter::SerializeTo(std::span<uint8_t> out) const {
  // RFC 6525 section 4.4: both next TSNs or neither.
  if (sender_next_tsn.has_value() != receiver_next_tsn.has_value()) std::abort();
  BoundedByteWriter<kHeaderSize> writer(out);
  WriteTlvHeader(out, static_cast<uint16_t>(kType), WireSize());
  writer.Store32<4>(response_sn.value());
  writer.Store32<8>(static_cast<uint32_t>(result));
  if (sender_next_tsn) {
    BoundedByteWriter<kSizeWithNextTsns> full(out);
    full.Store32<12>(sender_next_tsn->value());
    full.Store32<16>(receiver_next_tsn->value());
  }
}

std::string ReconfigurationResponseParameter::ToString() const {
  std::string text =
      fmt::format("Re-configuration Response resp_sn={} result={} ({})", response_sn.value(),
                  static_cast<uint32_t>(result), ReconfigResultName(result));
  if (sender_next_tsn) text += fmt::format(" sender_next_tsn={}", sender_next_tsn->value());
  if (receiver_next_tsn) text += fmt::format(" receiver_next_tsn={}", receiver_next_tsn->value());
  return text;
}

}  // namespace sctpdp
