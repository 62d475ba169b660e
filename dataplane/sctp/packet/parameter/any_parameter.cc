#include "dataplane/sctp/packet/parameter/any_parameter.h"

#include <utility>

#include "dataplane/sctp/packet/tlv.h"

namespace sctpdp {
namespace {

template <typename T>
ParseResult<AnyParameter> ParseAs(std::span<const uint8_t> tlv) {
  ParseResult<T> parsed = T::Parse(tlv);
  if (!parsed.ok()) return parsed.error();
  return AnyParameter(std::move(parsed).value());
}

}  // namespace

ParseResult<AnyParameter> ParseParameter(std::span<const uint8_t> tlv) {
  if (tlv.size() < kTlvHeaderSize) {
    return ParseError{.code = ParseErrorCode::kTruncated,
                      .kind = WireKind::kParameter,
                      .offset = static_cast<uint32_t>(tlv.size())};
  }
  switch (static_cast<ParameterType>(PeekTlvType(tlv, WireKind::kParameter))) {
    case ParameterType::kHeartbeatInfo: return ParseAs<HeartbeatInfoParameter>(tlv);
    case ParameterType::kIpv4Address: return ParseAs<Ipv4AddressParameter>(tlv);
    case ParameterType::kIpv6Address: return ParseAs<Ipv6AddressParameter>(tlv);
    case ParameterType::kStateCookie: return ParseAs<StateCookieParameter>(tlv);
    case ParameterType::kUnrecognizedParameter: return ParseAs<UnrecognizedParameter>(tlv);
    case ParameterType::kCookiePreservative: return ParseAs<CookiePreservativeParameter>(tlv);
    case ParameterType::kHostNameAddress: return ParseAs<HostNameAddressParameter>(tlv);
    case ParameterType::kSupportedAddressTypes: return ParseAs<SupportedAddressTypesParameter>(tlv);
    case ParameterType::kOutgoingSsnResetRequest:
      return ParseAs<OutgoingSsnResetRequestParameter>(tlv);
    case ParameterType::kIncomingSsnResetRequest:
      return ParseAs<IncomingSsnResetRequestParameter>(tlv);
    case ParameterType::kSsnTsnResetRequest: return ParseAs<SsnTsnResetRequestParameter>(tlv);
    case ParameterType::kReconfigurationResponse:
      return ParseAs<ReconfigurationResponseParameter>(tlv);
    case ParameterType::kAddOutgoingStreamsRequest:
      return ParseAs<AddOutgoingStreamsRequestParameter>(tlv);
    case ParameterType::kAddIncomingStreamsRequest:
      return ParseAs<AddIncomingStreamsRequestParameter>(tlv);
    case ParameterType::kEcnCapable: return ParseAs<EcnCapableParameter>(tlv);
    case ParameterType::kZeroChecksumAcceptable:
      return ParseAs<ZeroChecksumAcceptableParameter>(tlv);
    case ParameterType::kRandom: return ParseAs<RandomParameter>(tlv);
    case ParameterType::kChunkList: return ParseAs<ChunkListParameter>(tlv);
    case ParameterType::kRequestedHmacAlgorithm:
      return ParseAs<RequestedHmacAlgorithmParameter>(tlv);
    case ParameterType::kPadding: return ParseAs<PaddingParameter>(tlv);
    case ParameterType::kSupportedExtensions: return ParseAs<SupportedExtensionsParameter>(tlv);
    case ParameterType::kForwardTsnSupported: return ParseAs<ForwardTsnSupportedParameter>(tlv);
    case ParameterType::kAddIpAddress: return ParseAs<AddIpAddressParameter>(tlv);
    case ParameterType::kDeleteIpAddress: return ParseAs<DeleteIpAddressParameter>(tlv);
    case ParameterType::kErrorCauseIndication: return ParseAs<ErrorCauseIndicationParameter>(tlv);
    case ParameterType::kSetPrimaryAddress: return ParseAs<SetPrimaryAddressParameter>(tlv);
    case ParameterType::kSuccessIndication: return ParseAs<SuccessIndicationParameter>(tlv);
    case ParameterType::kAdaptationLayerIndication:
      return ParseAs<AdaptationLayerIndicationParameter>(tlv);
  }
  return ParseAs<UnknownParameter>(tlv);
}

std::optional<ParseError> ValidateParameters(const TlvList& list) {
  for (TlvList::Field field : list) {
    ParseResult<AnyParameter> parsed = ParseParameter(field.bytes);
    if (!parsed.ok()) return parsed.error().At(field.offset);
  }
  return std::nullopt;
}

std::string ParameterToString(const AnyParameter& parameter) {
  return std::visit([](const auto& p) { return p.ToString(); }, parameter);
}

}  // namespace sctpdp
