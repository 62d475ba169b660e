#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {

std::string_view ChunkTypeName(ChunkType type) {
  switch (type) {
    case ChunkType::kData: return "DATA";
    case ChunkType::kInit: return "INIT";
    case ChunkType::kInitAck: return "INIT ACK";
    case ChunkType::kSack: return "SACK";
    case ChunkType::kHeartbeat: return "HEARTBEAT";
    case ChunkType::kHeartbeatAck: return "HEARTBEAT ACK";
    case ChunkType::kAbort: return "ABORT";
    case ChunkType::kShutdown: return "SHUTDOWN";
    case ChunkType::kShutdownAck: return "SHUTDOWN ACK";
    case ChunkType::kError: return "ERROR";
    case ChunkType::kCookieEcho: return "COOKIE ECHO";
    case ChunkType::kCookieAck: return "COOKIE ACK";
    case ChunkType::kEcne: return "ECNE";
    case ChunkType::kCwr: return "CWR";
    case ChunkType::kShutdownComplete: return "SHUTDOWN COMPLETE";
    case ChunkType::kAuth: return "AUTH";
    case ChunkType::kIData: return "I-DATA";
    case ChunkType::kAsconfAck: return "ASCONF ACK";
    case ChunkType::kReconfig: return "RE-CONFIG";
    case ChunkType::kPad: return "PAD";
    case ChunkType::kForwardTsn: return "FORWARD TSN";
    case ChunkType::kAsconf: return "ASCONF";
    case ChunkType::kIForwardTsn: return "I-FORWARD-TSN";
  }
  return "unknown";
}

std::string_view ParameterTypeName(ParameterType type) {
  switch (type) {
    case ParameterType::kHeartbeatInfo: return "Heartbeat Info";
    case ParameterType::kIpv4Address: return "IPv4 Address";
    case ParameterType::kIpv6Address: return "IPv6 Address";
    case ParameterType::kStateCookie: return "State Cookie";
    case ParameterType::kUnrecognizedParameter: return "Unrecognized Parameter";
    case ParameterType::kCookiePreservative: return "Cookie Preservative";
    case ParameterType::kHostNameAddress: return "Host Name Address";
    case ParameterType::kSupportedAddressTypes: return "Supported Address Types";
    case ParameterType::kOutgoingSsnResetRequest: return "Outgoing SSN Reset Request";
    case ParameterType::kIncomingSsnResetRequest: return "Incoming SSN Reset Request";
    case ParameterType::kSsnTsnResetRequest: return "SSN/TSN Reset Request";
    case ParameterType::kReconfigurationResponse: return "Re-configuration Response";
    case ParameterType::kAddOutgoingStreamsRequest: return "Add Outgoing Streams Request";
    case ParameterType::kAddIncomingStreamsRequest: return "Add Incoming Streams Request";
    case ParameterType::kEcnCapable: return "ECN Capable";
    case ParameterType::kZeroChecksumAcceptable: return "Zero Checksum Acceptable";
    case ParameterType::kRandom: return "Random";
    case ParameterType::kChunkList: return "Chunk List";
    case ParameterType::kRequestedHmacAlgorithm: return "Requested HMAC Algorithm";
    case ParameterType::kPadding: return "Padding";
    case ParameterType::kSupportedExtensions: return "Supported Extensions";
    case ParameterType::kForwardTsnSupported: return "Forward-TSN-Supported";
    case ParameterType::kAddIpAddress: return "Add IP Address";
    case ParameterType::kDeleteIpAddress: return "Delete IP Address";
    case ParameterType::kErrorCauseIndication: return "Error Cause Indication";
    case ParameterType::kSetPrimaryAddress: return "Set Primary Address";
    case ParameterType::kSuccessIndication: return "Success Indication";
    case ParameterType::kAdaptationLayerIndication: return "Adaptation Layer Indication";
  }
  return "unknown";
}

std::string_view ErrorCauseName(ErrorCauseCode code) {
  switch (code) {
    case ErrorCauseCode::kInvalidStreamIdentifier: return "Invalid Stream Identifier";
    case ErrorCauseCode::kMissingMandatoryParameter: return "Missing Mandatory Parameter";
    case ErrorCauseCode::kStaleCookie: return "Stale Cookie";
    case ErrorCauseCode::kOutOfResource: return "Out of Resource";
    case ErrorCauseCode::kUnresolvableAddress: return "Unresolvable Address";
    case ErrorCauseCode::kUnrecognizedChunkType: return "Unrecognized Chunk Type";
    case ErrorCauseCode::kInvalidMandatoryParameter: return "Invalid Mandatory Parameter";
    case ErrorCauseCode::kUnrecognizedParameters: return "Unrecognized Parameters";
    case ErrorCauseCode::kNoUserData: return "No User Data";
    case ErrorCauseCode::kCookieReceivedWhileShuttingDown:
      return "Cookie Received While Shutting Down";
    case ErrorCauseCode::kRestartWithNewAddresses:
      return "Restart of an Association with New Addresses";
    case ErrorCauseCode::kUserInitiatedAbort: return "User-Initiated Abort";
    case ErrorCauseCode::kProtocolViolation: return "Protocol Violation";
    case ErrorCauseCode::kDeleteLastRemainingAddress:
      return "Request to Delete Last Remaining IP Address";
    case ErrorCauseCode::kResourceShortage: return "Operation Refused Due to Resource Shortage";
    case ErrorCauseCode::kDeleteSourceAddress: return "Request to Delete Source IP Address";
    case ErrorCauseCode::kIllegalAsconfAck: return "Association Aborted Due to Illegal ASCONF-ACK";
    case ErrorCauseCode::kNoAuthorization: return "Request Refused - No Authorization";
    case ErrorCauseCode::kUnsupportedHmacIdentifier: return "Unsupported HMAC Identifier";
  }
  return "unknown";
}

}  // namespace sctpdp
