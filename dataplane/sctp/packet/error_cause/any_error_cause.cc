#include "dataplane/sctp/packet/error_cause/any_error_cause.h"

#include <utility>

#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {
namespace {

template <typename T>
ParseResult<AnyErrorCause> ParseAs(std::span<const uint8_t> tlv) {
  ParseResult<T> parsed = T::Parse(tlv);
  if (!parsed.ok()) return parsed.error();
  return AnyErrorCause(std::move(parsed).value());
}

}  // namespace

ParseResult<AnyErrorCause> ParseErrorCause(std::span<const uint8_t> tlv) {
  if (tlv.size() < kTlvHeaderSize) {
    return ParseError{.code = ParseErrorCode::kTruncated,
                      .kind = WireKind::kErrorCause,
                      .offset = static_cast<uint32_t>(tlv.size())};
  }
  // No default: a code added to ErrorCauseCode without a case here is a
  // -Wswitch error. Codes outside the enum fall through to UnknownErrorCause.
  switch (static_cast<ErrorCauseCode>(PeekTlvType(tlv, WireKind::kErrorCause))) {
    case ErrorCauseCode::kInvalidStreamIdentifier:
      return ParseAs<InvalidStreamIdentifierCause>(tlv);
    case ErrorCauseCode::kMissingMandatoryParameter:
      return ParseAs<MissingMandatoryParameterCause>(tlv);
    case ErrorCauseCode::kStaleCookie:
      return ParseAs<StaleCookieCause>(tlv);
    case ErrorCauseCode::kOutOfResource:
      return ParseAs<OutOfResourceCause>(tlv);
    case ErrorCauseCode::kUnresolvableAddress:
      return ParseAs<UnresolvableAddressCause>(tlv);
    case ErrorCauseCode::kUnrecognizedChunkType:
      return ParseAs<UnrecognizedChunkTypeCause>(tlv);
    case ErrorCauseCode::kInvalidMandatoryParameter:
      return ParseAs<InvalidMandatoryParameterCause>(tlv);
    case ErrorCauseCode::kUnrecognizedParameters:
      return ParseAs<UnrecognizedParametersCause>(tlv);
    case ErrorCauseCode::kNoUserData:
      return ParseAs<NoUserDataCause>(tlv);
    case ErrorCauseCode::kCookieReceivedWhileShuttingDown:
      return ParseAs<CookieReceivedWhileShuttingDownCause>(tlv);
    case ErrorCauseCode::kRestartWithNewAddresses:
      return ParseAs<RestartWithNewAddressesCause>(tlv);
    case ErrorCauseCode::kUserInitiatedAbort:
      return ParseAs<UserInitiatedAbortCause>(tlv);
    case ErrorCauseCode::kProtocolViolation:
      return ParseAs<ProtocolViolationCause>(tlv);
    case ErrorCauseCode::kDeleteLastRemainingAddress:
      return ParseAs<DeleteLastRemainingAddressCause>(tlv);
    case ErrorCauseCode::kResourceShortage:
      return ParseAs<ResourceShortageCause>(tlv);
    case ErrorCauseCode::kDeleteSourceAddress:
      return ParseAs<DeleteSourceAddressCause>(tlv);
    case ErrorCauseCode::kIllegalAsconfAck:
      return ParseAs<IllegalAsconfAckCause>(tlv);
    case ErrorCauseCode::kNoAuthorization:
      return ParseAs<NoAuthorizationCause>(tlv);
    case ErrorCauseCode::kUnsupportedHmacIdentifier:
      return ParseAs<UnsupportedHmacIdentifierCause>(tlv);
  }
  return ParseAs<UnknownErrorCause>(tlv);
}

std::optional<ParseError> ValidateErrorCauses(const TlvList& list) {
  for (TlvList::Field field : list) {
    ParseResult<AnyErrorCause> cause = ParseErrorCause(field.bytes);
    if (!cause.ok()) return cause.error().At(field.offset);
  }
  return std::nullopt;
}

std::string ErrorCauseToString(const AnyErrorCause& cause) {
  return std::visit([](const auto& c) { return c.ToString(); }, cause);
}

}  // namespace sctpdp
