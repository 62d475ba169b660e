#pragma once

#include <cstdint>
#include <string_view>

namespace sctpdp {

// Chunk types: RFC 9260 section 3.2, RFC 3758, RFC 4820, RFC 4895,
// RFC 5061, RFC 6525, RFC 8260, and ECN (RFC 9260 appendix A.1 reserves 12
// and 13). Any other value is a valid unknown type, handled by its top bits.
enum class ChunkType : uint8_t {
  kData = 0,
  kInit = 1,
  kInitAck = 2,
  kSack = 3,
  kHeartbeat = 4,
  kHeartbeatAck = 5,
  kAbort = 6,
  kShutdown = 7,
  kShutdownAck = 8,
  kError = 9,
  kCookieEcho = 10,
  kCookieAck = 11,
  kEcne = 12,
  kCwr = 13,
  kShutdownComplete = 14,
  kAuth = 15,
  kIData = 64,
  kAsconfAck = 128,
  kReconfig = 130,
  kPad = 132,
  kForwardTsn = 192,
  kAsconf = 193,
  kIForwardTsn = 194,
};

// Parameter types of INIT, INIT ACK, HEARTBEAT, RE-CONFIG and ASCONF.
enum class ParameterType : uint16_t {
  kHeartbeatInfo = 1,
  kIpv4Address = 5,
  kIpv6Address = 6,
  kStateCookie = 7,
  kUnrecognizedParameter = 8,
  kCookiePreservative = 9,
  kHostNameAddress = 11,
  kSupportedAddressTypes = 12,
  kOutgoingSsnResetRequest = 13,
  kIncomingSsnResetRequest = 14,
  kSsnTsnResetRequest = 15,
  kReconfigurationResponse = 16,
  kAddOutgoingStreamsRequest = 17,
  kAddIncomingStreamsRequest = 18,
  kEcnCapable = 0x8000,
  kZeroChecksumAcceptable = 0x8001,
  kRandom = 0x8002,
  kChunkList = 0x8003,
  kRequestedHmacAlgorithm = 0x8004,
  kPadding = 0x8005,
  kSupportedExtensions = 0x8008,
  kForwardTsnSupported = 0xC000,
  kAddIpAddress = 0xC001,
  kDeleteIpAddress = 0xC002,
  kErrorCauseIndication = 0xC003,
  kSetPrimaryAddress = 0xC004,
  kSuccessIndication = 0xC005,
  kAdaptationLayerIndication = 0xC006,
};

// Error cause codes: RFC 9260 section 3.3.10, RFC 5061 section 5.1,
// RFC 4895 section 4.1.
enum class ErrorCauseCode : uint16_t {
  kInvalidStreamIdentifier = 1,
  kMissingMandatoryParameter = 2,
  kStaleCookie = 3,
  kOutOfResource = 4,
  kUnresolvableAddress = 5,
  kUnrecognizedChunkType = 6,
  kInvalidMandatoryParameter = 7,
  kUnrecognizedParameters = 8,
  kNoUserData = 9,
  kCookieReceivedWhileShuttingDown = 10,
  kRestartWithNewAddresses = 11,
  kUserInitiatedAbort = 12,
  kProtocolViolation = 13,
  kDeleteLastRemainingAddress = 0x00A0,
  kResourceShortage = 0x00A1,
  kDeleteSourceAddress = 0x00A2,
  kIllegalAsconfAck = 0x00A3,
  kNoAuthorization = 0x00A4,
  kUnsupportedHmacIdentifier = 0x0105,
};

// What an endpoint does with a chunk type it does not know, from the two
// highest bits of the type (RFC 9260 section 3.2).
enum class UnknownChunkAction : uint8_t {
  kStopAndDiscard = 0,           // 00
  kStopDiscardAndReport = 1,     // 01
  kSkipAndContinue = 2,          // 10
  kSkipContinueAndReport = 3,    // 11
};

// The same for parameters, from the two highest bits of the type
// (RFC 9260 section 3.2.1).
enum class UnknownParameterAction : uint8_t {
  kStopAndDiscard = 0,
  kStopDiscardAndReport = 1,
  kSkipAndContinue = 2,
  kSkipContinueAndReport = 3,
};

constexpr UnknownChunkAction ActionOf(ChunkType type) {
  return static_cast<UnknownChunkAction>(static_cast<uint8_t>(type) >> 6);
}
constexpr UnknownParameterAction ActionOf(ParameterType type) {
  return static_cast<UnknownParameterAction>(static_cast<uint16_t>(type) >> 14);
}

// Names as the RFCs spell them; "unknown" for values no RFC assigns.
std::string_view ChunkTypeName(ChunkType type);
std::string_view ParameterTypeName(ParameterType type);
std::string_view ErrorCauseName(ErrorCauseCode code);

}  // namespace sctpdp
