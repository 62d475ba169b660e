#include "tests/common/packet_generator.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <initializer_list>
#include <optional>

#include "dataplane/sctp/packet/chunk/any_chunk.h"
#include "dataplane/sctp/packet/error_cause/any_error_cause.h"
#include "dataplane/sctp/packet/parameter/any_parameter.h"
#include "dataplane/sctp/packet/tlv.h"
#include "dataplane/sctp/packet/tlv_list.h"

namespace sctpdp::testing {
namespace {

// Chunk, parameter and cause lengths are 16-bit fields (RFC 9260 section
// 3.2); the largest object whose padding still fits a 16-bit length.
constexpr size_t kMaxObjectSize = 0xFFFC;
// Nesting depth of parameters in causes in parameters: enough to reach
// every nested form without unbounded recursion.
constexpr int kMaxDepth = 3;

constexpr std::array kKnownChunkTypes = {
    ChunkType::kData,     ChunkType::kInit,        ChunkType::kInitAck,
    ChunkType::kSack,     ChunkType::kHeartbeat,   ChunkType::kHeartbeatAck,
    ChunkType::kAbort,    ChunkType::kShutdown,    ChunkType::kShutdownAck,
    ChunkType::kError,    ChunkType::kCookieEcho,  ChunkType::kCookieAck,
    ChunkType::kEcne,     ChunkType::kCwr,         ChunkType::kShutdownComplete,
    ChunkType::kAuth,     ChunkType::kIData,       ChunkType::kAsconfAck,
    ChunkType::kReconfig, ChunkType::kPad,         ChunkType::kForwardTsn,
    ChunkType::kAsconf,   ChunkType::kIForwardTsn,
};

constexpr std::array kAllParameterTypes = {
    ParameterType::kHeartbeatInfo,
    ParameterType::kIpv4Address,
    ParameterType::kIpv6Address,
    ParameterType::kStateCookie,
    ParameterType::kUnrecognizedParameter,
    ParameterType::kCookiePreservative,
    ParameterType::kHostNameAddress,
    ParameterType::kSupportedAddressTypes,
    ParameterType::kOutgoingSsnResetRequest,
    ParameterType::kIncomingSsnResetRequest,
    ParameterType::kSsnTsnResetRequest,
    ParameterType::kReconfigurationResponse,
    ParameterType::kAddOutgoingStreamsRequest,
    ParameterType::kAddIncomingStreamsRequest,
    ParameterType::kEcnCapable,
    ParameterType::kZeroChecksumAcceptable,
    ParameterType::kRandom,
    ParameterType::kChunkList,
    ParameterType::kRequestedHmacAlgorithm,
    ParameterType::kPadding,
    ParameterType::kSupportedExtensions,
    ParameterType::kForwardTsnSupported,
    ParameterType::kAddIpAddress,
    ParameterType::kDeleteIpAddress,
    ParameterType::kErrorCauseIndication,
    ParameterType::kSetPrimaryAddress,
    ParameterType::kSuccessIndication,
    ParameterType::kAdaptationLayerIndication,
};

// Optional parameters of INIT (RFC 9260 section 3.3.2.1 and the extensions
// that negotiate in INIT: RFC 3758, 4820, 4895, 5061, 9653).
constexpr std::array kInitParameterTypes = {
    ParameterType::kIpv4Address,
    ParameterType::kIpv6Address,
    ParameterType::kCookiePreservative,
    ParameterType::kHostNameAddress,
    ParameterType::kSupportedAddressTypes,
    ParameterType::kEcnCapable,
    ParameterType::kZeroChecksumAcceptable,
    ParameterType::kRandom,
    ParameterType::kChunkList,
    ParameterType::kRequestedHmacAlgorithm,
    ParameterType::kPadding,
    ParameterType::kSupportedExtensions,
    ParameterType::kForwardTsnSupported,
    ParameterType::kAdaptationLayerIndication,
};

// INIT ACK adds the State Cookie and Unrecognized Parameter (section 3.3.3.1).
constexpr std::array kInitAckParameterTypes = {
    ParameterType::kIpv4Address,
    ParameterType::kIpv6Address,
    ParameterType::kStateCookie,
    ParameterType::kUnrecognizedParameter,
    ParameterType::kHostNameAddress,
    ParameterType::kEcnCapable,
    ParameterType::kZeroChecksumAcceptable,
    ParameterType::kRandom,
    ParameterType::kChunkList,
    ParameterType::kRequestedHmacAlgorithm,
    ParameterType::kSupportedExtensions,
    ParameterType::kForwardTsnSupported,
    ParameterType::kAdaptationLayerIndication,
};

// RFC 6525 section 3.1: the parameters of a RE-CONFIG chunk.
constexpr std::array kReconfigParameterTypes = {
    ParameterType::kOutgoingSsnResetRequest,   ParameterType::kIncomingSsnResetRequest,
    ParameterType::kSsnTsnResetRequest,        ParameterType::kReconfigurationResponse,
    ParameterType::kAddOutgoingStreamsRequest, ParameterType::kAddIncomingStreamsRequest,
};

// RFC 5061 sections 3.1.1 and 4.2.6: ASCONF requests after the address.
constexpr std::array kAsconfParameterTypes = {
    ParameterType::kAddIpAddress,
    ParameterType::kDeleteIpAddress,
    ParameterType::kSetPrimaryAddress,
    ParameterType::kAdaptationLayerIndication,
};

// RFC 5061 section 3.1.2: ASCONF ACK responses.
constexpr std::array kAsconfAckParameterTypes = {
    ParameterType::kSuccessIndication,
    ParameterType::kErrorCauseIndication,
};

constexpr std::array kAllErrorCauseCodes = {
    ErrorCauseCode::kInvalidStreamIdentifier,
    ErrorCauseCode::kMissingMandatoryParameter,
    ErrorCauseCode::kStaleCookie,
    ErrorCauseCode::kOutOfResource,
    ErrorCauseCode::kUnresolvableAddress,
    ErrorCauseCode::kUnrecognizedChunkType,
    ErrorCauseCode::kInvalidMandatoryParameter,
    ErrorCauseCode::kUnrecognizedParameters,
    ErrorCauseCode::kNoUserData,
    ErrorCauseCode::kCookieReceivedWhileShuttingDown,
    ErrorCauseCode::kRestartWithNewAddresses,
    ErrorCauseCode::kUserInitiatedAbort,
    ErrorCauseCode::kProtocolViolation,
    ErrorCauseCode::kDeleteLastRemainingAddress,
    ErrorCauseCode::kResourceShortage,
    ErrorCauseCode::kDeleteSourceAddress,
    ErrorCauseCode::kIllegalAsconfAck,
    ErrorCauseCode::kNoAuthorization,
    ErrorCauseCode::kUnsupportedHmacIdentifier,
};

// The causes an ASCONF ACK reports for a refused request (RFC 5061
// sections 4.3 and 5.2).
constexpr std::array kAsconfErrorCauseCodes = {
    ErrorCauseCode::kUnresolvableAddress,        ErrorCauseCode::kInvalidMandatoryParameter,
    ErrorCauseCode::kUnrecognizedParameters,     ErrorCauseCode::kProtocolViolation,
    ErrorCauseCode::kDeleteLastRemainingAddress, ErrorCauseCode::kResourceShortage,
    ErrorCauseCode::kDeleteSourceAddress,        ErrorCauseCode::kNoAuthorization,
};

enum class ParameterContext : uint8_t {
  kInit,
  kInitAck,
  kReconfig,
  kAsconf,
  kAsconfAck,
  kAny,
};

enum class CauseContext : uint8_t {
  kChunk,       // ABORT and ERROR carry every cause
  kIndication,  // Error Cause Indication of an ASCONF ACK
};

constexpr uint16_t TypeValue(ParameterType type) { return static_cast<uint16_t>(type); }

// RFC 9260 section 6.10.
constexpr bool MustBeAlone(ChunkType type) {
  return type == ChunkType::kInit || type == ChunkType::kInitAck ||
         type == ChunkType::kShutdownComplete;
}

constexpr bool IsData(ChunkType type) {
  return type == ChunkType::kData || type == ChunkType::kIData;
}

// Collects parameters or causes into an arena buffer through TlvListWriter.
class ListBuilder {
 public:
  ListBuilder(Arena& arena, size_t capacity, WireKind kind)
      : buffer_(arena.Bytes(capacity)), writer_(buffer_, kind) {}

  // Bytes the next field may take: what is left after the previous field's
  // padding.
  size_t room() const {
    const size_t start = PaddedLength(writer_.list().WireSize());
    return start >= buffer_.size() ? 0 : std::min(buffer_.size() - start, kMaxObjectSize);
  }

  template <typename T>
  bool Add(const T& field) {
    if (field.WireSize() > room()) return false;
    return writer_.Add(field);
  }

  TlvList list() const { return writer_.list(); }

 private:
  std::span<uint8_t> buffer_;
  TlvListWriter writer_;
};

class Generator {
 public:
  Generator(std::mt19937_64& rng, const PacketGeneratorOptions& options, Arena& arena)
      : rng_(rng), options_(options), arena_(arena) {}

  std::vector<uint8_t> Packet();

 private:
  // Random values.
  uint64_t Uniform(uint64_t low, uint64_t high) {  // inclusive
    return std::uniform_int_distribution<uint64_t>(low, high)(rng_);
  }
  bool OneIn(uint64_t n) { return Uniform(1, n) == 1; }
  bool Bool() { return OneIn(2); }
  uint8_t U8() { return static_cast<uint8_t>(rng_()); }
  uint16_t U16() { return static_cast<uint16_t>(rng_()); }
  uint32_t U32() { return static_cast<uint32_t>(rng_()); }
  template <typename T, size_t N>
  T Pick(const std::array<T, N>& values) {
    return values[Uniform(0, N - 1)];
  }
  // A length of a variable part, at most `max`: mostly short, sometimes up
  // to the limit, aligned or not.
  size_t Length(size_t max);
  std::span<const uint8_t> RandomBytes(size_t size);
  std::span<const uint8_t> ZeroBytes(size_t size) { return arena_.Bytes(size); }
  // Printable text of at most `max` bytes, NUL-terminated if `nul`.
  std::span<const uint8_t> Text(size_t max, bool nul);
  template <typename T>
  std::span<const uint8_t> Serialized(const T& object) {
    std::span<uint8_t> out = arena_.Bytes(object.WireSize());
    object.SerializeTo(out);
    return out;
  }

  // Types no RFC here defines, so the parser keeps them as unknown.
  uint8_t UnknownChunkType();
  uint16_t UnknownParameterType();
  uint16_t UnknownCauseCode();

  // Parameters.
  uint16_t PickParameterType(ParameterContext context);
  bool AddParameter(ListBuilder& list, uint16_t type, int depth);
  TlvList ParameterList(ParameterContext context, size_t capacity, size_t max_count, int depth);
  Ipv4AddressParameter Ipv4();
  Ipv6AddressParameter Ipv6();
  // A whole IPv4 or IPv6 Address parameter of at most `max` bytes; empty if
  // neither fits.
  std::span<const uint8_t> AddressParameterBytes(size_t max);
  // A whole Add IP, Delete IP or Set Primary Address parameter of at most
  // `max` bytes (what the RFC 5061 causes echo); empty if none fits.
  std::span<const uint8_t> AsconfRequestBytes(size_t max);
  // Whole unknown parameters of at most `max` bytes together.
  std::span<const uint8_t> UnknownParameterBytes(size_t max, size_t max_count);

  // Error causes.
  uint16_t PickCauseCode(CauseContext context);
  bool AddErrorCause(ListBuilder& list, uint16_t code, int depth);
  TlvList ErrorCauseList(CauseContext context, size_t capacity, size_t min_count, size_t max_count,
                         int depth);

  // Chunks.
  uint8_t PickChunkType();
  std::vector<uint8_t> ChunkTypes();
  bool AddChunk(PacketWriter& writer, uint8_t type);

  // The TSN of the next DATA or I-DATA chunk: increasing within a packet
  // (RFC 9260 section 6.10) when strict, random otherwise.
  Tsn DataTsn();

  std::mt19937_64& rng_;
  const PacketGeneratorOptions& options_;
  Arena& arena_;
  std::optional<uint32_t> last_data_tsn_;
};

Tsn Generator::DataTsn() {
  const uint32_t tsn = options_.strict && last_data_tsn_ ? *last_data_tsn_ + 1 : U32();
  last_data_tsn_ = tsn;
  return Tsn(tsn);
}

size_t Generator::Length(size_t max) {
  max = std::min(max, options_.max_variable_size);
  switch (Uniform(0, 9)) {
    case 0:
    case 1:
    case 2:
      return Uniform(0, std::min<size_t>(max, 8));
    case 3:
    case 4:
    case 5:
    case 6:
    case 7:
      return Uniform(0, std::min<size_t>(max, 64));
    default:
      return Uniform(0, max);
  }
}

std::span<const uint8_t> Generator::RandomBytes(size_t size) {
  std::span<uint8_t> bytes = arena_.Bytes(size);
  for (uint8_t& b : bytes) b = U8();
  return bytes;
}

std::span<const uint8_t> Generator::Text(size_t max, bool nul) {
  static constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789.- ";
  const size_t size = Length(max);
  std::span<uint8_t> text = arena_.Bytes(size);
  for (uint8_t& c : text) c = static_cast<uint8_t>(kAlphabet[Uniform(0, kAlphabet.size() - 1)]);
  if (nul && size > 0) text.back() = 0;
  return text;
}

uint8_t Generator::UnknownChunkType() {
  // Every combination of the two action bits (RFC 9260 section 3.2).
  const uint8_t action = static_cast<uint8_t>(Uniform(0, 3) << 6);
  while (true) {
    const uint8_t type = static_cast<uint8_t>(action | Uniform(0, 63));
    if (ChunkTypeName(static_cast<ChunkType>(type)) == "unknown") return type;
  }
}

uint16_t Generator::UnknownParameterType() {
  const uint16_t action = static_cast<uint16_t>(Uniform(0, 3) << 14);
  while (true) {
    const uint16_t type = static_cast<uint16_t>(action | Uniform(0, 0x3FFF));
    if (ParameterTypeName(static_cast<ParameterType>(type)) == "unknown") return type;
  }
}

uint16_t Generator::UnknownCauseCode() {
  while (true) {
    const uint16_t code = OneIn(2) ? static_cast<uint16_t>(Uniform(0, 0x200)) : U16();
    if (ErrorCauseName(static_cast<ErrorCauseCode>(code)) == "unknown") return code;
  }
}

Ipv4AddressParameter Generator::Ipv4() {
  Ipv4AddressParameter parameter;
  for (uint8_t& b : parameter.address) b = U8();
  return parameter;
}

Ipv6AddressParameter Generator::Ipv6() {
  Ipv6AddressParameter parameter;
  for (uint8_t& b : parameter.address) b = U8();
  return parameter;
}

std::span<const uint8_t> Generator::AddressParameterBytes(size_t max) {
  if (max >= Ipv6AddressParameter::kHeaderSize && Bool()) return Serialized(Ipv6());
  if (max >= Ipv4AddressParameter::kHeaderSize) return Serialized(Ipv4());
  return {};
}

std::span<const uint8_t> Generator::AsconfRequestBytes(size_t max) {
  if (max < kAsconfAddressRequestHeaderSize + Ipv4AddressParameter::kHeaderSize) return {};
  const auto id = AsconfCorrelationId(U32());
  std::span<const uint8_t> address = AddressParameterBytes(max - kAsconfAddressRequestHeaderSize);
  switch (Uniform(0, 2)) {
    case 0:
      return Serialized(AddIpAddressParameter{.correlation_id = id, .address = address});
    case 1:
      return Serialized(DeleteIpAddressParameter{.correlation_id = id, .address = address});
    default:
      return Serialized(SetPrimaryAddressParameter{.correlation_id = id, .address = address});
  }
}

std::span<const uint8_t> Generator::UnknownParameterBytes(size_t max, size_t max_count) {
  ListBuilder list(arena_, max, WireKind::kParameter);
  const size_t count = Uniform(1, max_count);
  for (size_t i = 0; i < count && list.room() >= UnknownParameter::kHeaderSize; ++i) {
    size_t length = Length(list.room() - UnknownParameter::kHeaderSize);
    // Copied as they were received, padding included (RFC 9260 section
    // 3.3.3.1): whole multiples of four when strict, so no padding is left
    // out at the end.
    if (options_.strict) length &= ~size_t{3};
    list.Add(UnknownParameter{.type = UnknownParameterType(), .value = RandomBytes(length)});
  }
  return list.list().bytes();
}

uint16_t Generator::PickParameterType(ParameterContext context) {
  auto value = [](ParameterType type) { return static_cast<uint16_t>(type); };
  const bool strict = options_.strict && context != ParameterContext::kAny;
  if (!strict) {
    // One in 29: an unknown type, as often as any known one.
    if (OneIn(kAllParameterTypes.size() + 1)) return UnknownParameterType();
    return value(Pick(kAllParameterTypes));
  }
  switch (context) {
    case ParameterContext::kInit:
      if (OneIn(8)) return UnknownParameterType();
      return value(Pick(kInitParameterTypes));
    case ParameterContext::kInitAck:
      if (OneIn(8)) return UnknownParameterType();
      return value(Pick(kInitAckParameterTypes));
    case ParameterContext::kReconfig:
      return value(Pick(kReconfigParameterTypes));
    case ParameterContext::kAsconf:
      if (OneIn(8)) return UnknownParameterType();
      return value(Pick(kAsconfParameterTypes));
    case ParameterContext::kAsconfAck:
      return value(Pick(kAsconfAckParameterTypes));
    case ParameterContext::kAny:
      break;
  }
  return value(Pick(kAllParameterTypes));
}

bool Generator::AddParameter(ListBuilder& list, uint16_t type, int depth) {
  const size_t max = list.room();
  // Room for the variable part after a fixed part of `header` bytes.
  auto room = [max](size_t header) { return max > header ? max - header : 0; };
  switch (static_cast<ParameterType>(type)) {
    case ParameterType::kHeartbeatInfo:
      return list.Add(HeartbeatInfoParameter{.info = RandomBytes(Length(room(4)))});
    case ParameterType::kIpv4Address:
      return list.Add(Ipv4());
    case ParameterType::kIpv6Address:
      return list.Add(Ipv6());
    case ParameterType::kStateCookie:
      return list.Add(StateCookieParameter{.cookie = RandomBytes(Length(room(4)))});
    case ParameterType::kUnrecognizedParameter:
      // RFC 9260 section 3.3.3.1: the unrecognized parameter, whole.
      return list.Add(UnrecognizedParameter{
          .parameter = room(4) >= 4 ? UnknownParameterBytes(room(4), 1) : ZeroBytes(0)});
    case ParameterType::kCookiePreservative:
      return list.Add(CookiePreservativeParameter{.increment_ms = U32()});
    case ParameterType::kHostNameAddress:
      return list.Add(HostNameAddressParameter{.host_name = Text(room(4), true)});
    case ParameterType::kSupportedAddressTypes: {
      std::span<uint16_t> types =
          arena_.Values<uint16_t>(Uniform(0, std::min<size_t>(4, room(4) / 2)));
      static constexpr std::array<uint16_t, 3> kAddressTypes = {5, 6, 11};
      for (uint16_t& t : types) t = Bool() ? Pick(kAddressTypes) : U16();
      return list.Add(
          SupportedAddressTypesParameter{.address_types = std::span<const uint16_t>(types)});
    }
    case ParameterType::kOutgoingSsnResetRequest:
    case ParameterType::kIncomingSsnResetRequest: {
      const size_t header = type == TypeValue(ParameterType::kOutgoingSsnResetRequest)
                                ? OutgoingSsnResetRequestParameter::kHeaderSize
                                : IncomingSsnResetRequestParameter::kHeaderSize;
      std::span<StreamId> streams = arena_.Values<StreamId>(Length(room(header)) / 2);
      for (StreamId& sid : streams) sid = StreamId(U16());
      if (header == OutgoingSsnResetRequestParameter::kHeaderSize) {
        return list.Add(
            OutgoingSsnResetRequestParameter{.request_sn = ReconfigRequestSn(U32()),
                                             .response_sn = ReconfigRequestSn(U32()),
                                             .senders_last_assigned_tsn = Tsn(U32()),
                                             .streams = std::span<const StreamId>(streams)});
      }
      return list.Add(IncomingSsnResetRequestParameter{
          .request_sn = ReconfigRequestSn(U32()), .streams = std::span<const StreamId>(streams)});
    }
    case ParameterType::kSsnTsnResetRequest:
      return list.Add(SsnTsnResetRequestParameter{.request_sn = ReconfigRequestSn(U32())});
    case ParameterType::kReconfigurationResponse: {
      ReconfigurationResponseParameter response{
          .response_sn = ReconfigRequestSn(U32()),
          .result = static_cast<ReconfigResult>(options_.strict ? Uniform(0, 6) : U32())};
      // RFC 6525 section 4.4: both next TSNs or neither.
      if (Bool()) {
        response.sender_next_tsn = Tsn(U32());
        response.receiver_next_tsn = Tsn(U32());
      }
      return list.Add(response);
    }
    case ParameterType::kAddOutgoingStreamsRequest:
      return list.Add(AddOutgoingStreamsRequestParameter{.request_sn = ReconfigRequestSn(U32()),
                                                         .new_streams = U16()});
    case ParameterType::kAddIncomingStreamsRequest:
      return list.Add(AddIncomingStreamsRequestParameter{.request_sn = ReconfigRequestSn(U32()),
                                                         .new_streams = U16()});
    case ParameterType::kEcnCapable:
      return list.Add(EcnCapableParameter{});
    case ParameterType::kZeroChecksumAcceptable:
      return list.Add(ZeroChecksumAcceptableParameter{
          .error_detection_method =
              options_.strict ? static_cast<uint32_t>(Uniform(0, 2)) : U32()});
    case ParameterType::kRandom:
      // RFC 4895 section 3.1: 32 random bytes are what the RFC asks for.
      return list.Add(
          RandomParameter{.random = RandomBytes(Bool() && room(4) >= 32 ? 32 : Length(room(4)))});
    case ParameterType::kChunkList:
      return list.Add(
          ChunkListParameter{.chunk_types = RandomBytes(Length(std::min<size_t>(room(4), 32)))});
    case ParameterType::kRequestedHmacAlgorithm: {
      std::span<uint16_t> ids =
          arena_.Values<uint16_t>(Uniform(0, std::min<size_t>(4, room(4) / 2)));
      for (uint16_t& id : ids) id = Bool() ? static_cast<uint16_t>(Bool() ? 1 : 3) : U16();
      return list.Add(RequestedHmacAlgorithmParameter{.hmac_ids = std::span<const uint16_t>(ids)});
    }
    case ParameterType::kPadding:
      return list.Add(PaddingParameter{.padding = ZeroBytes(Length(room(4)))});
    case ParameterType::kSupportedExtensions:
      return list.Add(SupportedExtensionsParameter{
          .chunk_types = RandomBytes(Length(std::min<size_t>(room(4), 16)))});
    case ParameterType::kForwardTsnSupported:
      return list.Add(ForwardTsnSupportedParameter{});
    case ParameterType::kAddIpAddress:
    case ParameterType::kDeleteIpAddress:
    case ParameterType::kSetPrimaryAddress: {
      // RFC 5061 section 4.2.1: the request wraps a whole address parameter.
      std::span<const uint8_t> address =
          AddressParameterBytes(room(kAsconfAddressRequestHeaderSize));
      if (address.empty()) return false;
      const auto id = AsconfCorrelationId(U32());
      if (type == TypeValue(ParameterType::kAddIpAddress)) {
        return list.Add(AddIpAddressParameter{.correlation_id = id, .address = address});
      }
      if (type == TypeValue(ParameterType::kDeleteIpAddress)) {
        return list.Add(DeleteIpAddressParameter{.correlation_id = id, .address = address});
      }
      return list.Add(SetPrimaryAddressParameter{.correlation_id = id, .address = address});
    }
    case ParameterType::kErrorCauseIndication: {
      const size_t header = ErrorCauseIndicationParameter::kHeaderSize;
      if (max < header) return false;
      const TlvList causes = depth < kMaxDepth ? ErrorCauseList(CauseContext::kIndication,
                                                                room(header), 1, 3, depth + 1)
                                               : TlvListWriter({}, WireKind::kErrorCause).list();
      return list.Add(ErrorCauseIndicationParameter{.correlation_id = AsconfCorrelationId(U32()),
                                                    .error_causes = causes});
    }
    case ParameterType::kSuccessIndication:
      return list.Add(SuccessIndicationParameter{.correlation_id = AsconfCorrelationId(U32())});
    case ParameterType::kAdaptationLayerIndication:
      return list.Add(AdaptationLayerIndicationParameter{.adaptation_code_point = U32()});
  }
  return list.Add(UnknownParameter{.type = type, .value = RandomBytes(Length(room(4)))});
}

TlvList Generator::ParameterList(ParameterContext context, size_t capacity, size_t max_count,
                                 int depth) {
  ListBuilder list(arena_, capacity, WireKind::kParameter);
  const size_t count = Uniform(0, max_count);
  for (size_t i = 0; i < count && list.room() >= kTlvHeaderSize; ++i) {
    // A type that does not fit the room left gives way to another.
    for (int attempt = 0; attempt < 4; ++attempt) {
      if (AddParameter(list, PickParameterType(context), depth)) break;
    }
  }
  return list.list();
}

uint16_t Generator::PickCauseCode(CauseContext context) {
  auto value = [](ErrorCauseCode code) { return static_cast<uint16_t>(code); };
  if (context == CauseContext::kIndication && options_.strict) {
    if (OneIn(8)) return UnknownCauseCode();
    return value(Pick(kAsconfErrorCauseCodes));
  }
  if (OneIn(kAllErrorCauseCodes.size() + 1)) return UnknownCauseCode();
  return value(Pick(kAllErrorCauseCodes));
}

bool Generator::AddErrorCause(ListBuilder& list, uint16_t code, int depth) {
  const size_t max = list.room();
  auto room = [max](size_t header) { return max > header ? max - header : 0; };
  switch (static_cast<ErrorCauseCode>(code)) {
    case ErrorCauseCode::kInvalidStreamIdentifier:
      return list.Add(InvalidStreamIdentifierCause{.stream_id = StreamId(U16())});
    case ErrorCauseCode::kMissingMandatoryParameter: {
      const size_t header = MissingMandatoryParameterCause::kHeaderSize;
      std::span<uint16_t> types =
          arena_.Values<uint16_t>(Uniform(0, std::min<size_t>(5, room(header) / 2)));
      for (uint16_t& t : types) t = Bool() ? TypeValue(Pick(kAllParameterTypes)) : U16();
      return list.Add(
          MissingMandatoryParameterCause{.missing_types = std::span<const uint16_t>(types)});
    }
    case ErrorCauseCode::kStaleCookie:
      return list.Add(StaleCookieCause{.staleness_us = Bool() ? U32() : 0});
    case ErrorCauseCode::kOutOfResource:
      return list.Add(OutOfResourceCause{});
    case ErrorCauseCode::kUnresolvableAddress:
      // RFC 9260 section 3.3.10.5: the whole address parameter, which may be
      // a Host Name Address.
      if (OneIn(3) && room(4) >= 4) {
        return list.Add(UnresolvableAddressCause{
            .address = Serialized(HostNameAddressParameter{.host_name = Text(room(8), true)})});
      }
      return list.Add(UnresolvableAddressCause{.address = AddressParameterBytes(room(4))});
    case ErrorCauseCode::kUnrecognizedChunkType: {
      // Section 3.3.10.6: the unrecognized chunk, header included.
      std::span<const uint8_t> chunk;
      if (room(4) >= UnknownChunk::kHeaderSize) {
        chunk = Serialized(UnknownChunk{
            .type = UnknownChunkType(), .flags = U8(), .value = RandomBytes(Length(room(8)))});
      }
      return list.Add(UnrecognizedChunkTypeCause{.chunk = chunk});
    }
    case ErrorCauseCode::kInvalidMandatoryParameter:
      return list.Add(InvalidMandatoryParameterCause{});
    case ErrorCauseCode::kUnrecognizedParameters:
      return list.Add(UnrecognizedParametersCause{
          .parameters = room(4) >= 4 ? UnknownParameterBytes(room(4), 3) : ZeroBytes(0)});
    case ErrorCauseCode::kNoUserData:
      return list.Add(NoUserDataCause{.tsn = Tsn(U32())});
    case ErrorCauseCode::kCookieReceivedWhileShuttingDown:
      return list.Add(CookieReceivedWhileShuttingDownCause{});
    case ErrorCauseCode::kRestartWithNewAddresses: {
      // Section 3.3.10.11: the new addresses as address parameters.
      ListBuilder addresses(arena_, room(4), WireKind::kParameter);
      const size_t count = depth < kMaxDepth ? Uniform(0, 3) : 0;
      for (size_t i = 0; i < count; ++i) {
        if (Bool() ? !addresses.Add(Ipv6()) : !addresses.Add(Ipv4())) break;
      }
      return list.Add(RestartWithNewAddressesCause{.new_addresses = addresses.list()});
    }
    case ErrorCauseCode::kUserInitiatedAbort:
      return list.Add(UserInitiatedAbortCause{.reason = Bool() ? Text(room(4), false)
                                                               : RandomBytes(Length(room(4)))});
    case ErrorCauseCode::kProtocolViolation:
      return list.Add(ProtocolViolationCause{.additional_information = Text(room(4), false)});
    case ErrorCauseCode::kDeleteLastRemainingAddress:
      return list.Add(
          DeleteLastRemainingAddressCause{.asconf_parameter = AsconfRequestBytes(room(4))});
    case ErrorCauseCode::kResourceShortage:
      return list.Add(ResourceShortageCause{.asconf_parameter = AsconfRequestBytes(room(4))});
    case ErrorCauseCode::kDeleteSourceAddress:
      return list.Add(DeleteSourceAddressCause{.asconf_parameter = AsconfRequestBytes(room(4))});
    case ErrorCauseCode::kIllegalAsconfAck:
      return list.Add(IllegalAsconfAckCause{});
    case ErrorCauseCode::kNoAuthorization:
      return list.Add(NoAuthorizationCause{.asconf_parameter = AsconfRequestBytes(room(4))});
    case ErrorCauseCode::kUnsupportedHmacIdentifier:
      return list.Add(UnsupportedHmacIdentifierCause{.hmac_id = U16()});
  }
  return list.Add(UnknownErrorCause{.code = code, .info = RandomBytes(Length(room(4)))});
}

TlvList Generator::ErrorCauseList(CauseContext context, size_t capacity, size_t min_count,
                                  size_t max_count, int depth) {
  ListBuilder list(arena_, capacity, WireKind::kErrorCause);
  const size_t count = Uniform(min_count, max_count);
  for (size_t i = 0; i < count && list.room() >= kTlvHeaderSize; ++i) {
    for (int attempt = 0; attempt < 4; ++attempt) {
      if (AddErrorCause(list, PickCauseCode(context), depth)) break;
    }
  }
  // The smallest cause fits wherever four bytes are left.
  if (min_count > 0 && list.list().empty() && list.room() >= kTlvHeaderSize) {
    list.Add(OutOfResourceCause{});
  }
  return list.list();
}

uint8_t Generator::PickChunkType() {
  // Unknown types as often as any known one, DATA twice as often.
  const size_t pick = Uniform(0, kKnownChunkTypes.size() + 1);
  if (pick == kKnownChunkTypes.size()) return UnknownChunkType();
  if (pick > kKnownChunkTypes.size()) return static_cast<uint8_t>(ChunkType::kData);
  return static_cast<uint8_t>(kKnownChunkTypes[pick]);
}

std::vector<uint8_t> Generator::ChunkTypes() {
  const size_t count = Uniform(1, std::max<size_t>(options_.max_chunks, 1));
  std::vector<uint8_t> types;
  if (!options_.strict) {
    for (size_t i = 0; i < count; ++i) types.push_back(PickChunkType());
    return types;
  }
  const uint8_t first = PickChunkType();
  if (MustBeAlone(static_cast<ChunkType>(first))) return {first};
  // One kind of user data per packet: an association uses DATA or I-DATA
  // (RFC 8260 section 2.1).
  const auto data = static_cast<uint8_t>(Bool() ? ChunkType::kData : ChunkType::kIData);
  types.push_back(first);
  while (types.size() < count) {
    const uint8_t type = PickChunkType();
    if (!MustBeAlone(static_cast<ChunkType>(type))) types.push_back(type);
  }
  bool has_data = false;
  for (uint8_t& type : types) {
    if (IsData(static_cast<ChunkType>(type))) {
      type = data;
      has_data = true;
    }
  }
  // Section 6.10: DATA is never bundled with SHUTDOWN or SHUTDOWN ACK.
  if (has_data) {
    std::erase_if(types, [](uint8_t type) {
      return type == static_cast<uint8_t>(ChunkType::kShutdown) ||
             type == static_cast<uint8_t>(ChunkType::kShutdownAck);
    });
  }
  // Control chunks first (RFC 9260 section 6.10).
  std::stable_partition(types.begin(), types.end(),
                        [](uint8_t type) { return !IsData(static_cast<ChunkType>(type)); });
  return types;
}

bool Generator::AddChunk(PacketWriter& writer, uint8_t type) {
  // A multiple of four, so any chunk up to it fits with its padding.
  const size_t max = std::min(writer.remaining() & ~size_t{3}, kMaxObjectSize);
  auto room = [max](size_t header) { return max > header ? max - header : 0; };
  auto append = [&writer, max](const auto& chunk) {
    return chunk.WireSize() <= max && writer.Append(chunk);
  };
  switch (static_cast<ChunkType>(type)) {
    case ChunkType::kData:
      return append(DataChunk{.flags = DataFlags::FromByte(U8()),
                              .tsn = DataTsn(),
                              .stream_id = StreamId(U16()),
                              .ssn = Ssn(U16()),
                              .ppid = Ppid(U32()),
                              .payload = RandomBytes(Length(room(DataChunk::kHeaderSize)))});
    case ChunkType::kInit:
    case ChunkType::kInitAck: {
      constexpr size_t kHeader = InitChunk::kHeaderSize;
      static_assert(InitAckChunk::kHeaderSize == kHeader);
      if (max < kHeader) return false;
      const bool init = type == static_cast<uint8_t>(ChunkType::kInit);
      const auto tag = VerificationTag(U32());
      const uint32_t a_rwnd = U32();
      const uint16_t outbound = U16();
      const uint16_t inbound = U16();
      const auto tsn = Tsn(U32());
      const TlvList parameters = ParameterList(
          init ? ParameterContext::kInit : ParameterContext::kInitAck, room(kHeader), 8, 0);
      if (init) {
        return append(InitChunk{.initiate_tag = tag,
                                .a_rwnd = a_rwnd,
                                .outbound_streams = outbound,
                                .inbound_streams = inbound,
                                .initial_tsn = tsn,
                                .parameters = parameters});
      }
      return append(InitAckChunk{.initiate_tag = tag,
                                 .a_rwnd = a_rwnd,
                                 .outbound_streams = outbound,
                                 .inbound_streams = inbound,
                                 .initial_tsn = tsn,
                                 .parameters = parameters});
    }
    case ChunkType::kSack: {
      const size_t elements = room(SackChunk::kHeaderSize) / 4;
      const size_t gap_count = Uniform(0, std::min<size_t>(elements, 8));
      const size_t dup_count = Uniform(0, std::min<size_t>(elements - gap_count, 4));
      std::span<GapAckBlock> gaps = arena_.Values<GapAckBlock>(gap_count);
      uint16_t next = static_cast<uint16_t>(Uniform(1, 16));
      for (GapAckBlock& gap : gaps) {
        // Ascending blocks with holes, as section 3.3.4 describes them.
        gap.start = options_.strict ? next : U16();
        gap.end = options_.strict ? static_cast<uint16_t>(next + Uniform(0, 8)) : U16();
        next = static_cast<uint16_t>(gap.end + Uniform(2, 10));
      }
      std::span<Tsn> dups = arena_.Values<Tsn>(dup_count);
      for (Tsn& tsn : dups) tsn = Tsn(U32());
      return append(SackChunk{.cumulative_tsn_ack = Tsn(U32()),
                              .a_rwnd = U32(),
                              .gap_ack_blocks = std::span<const GapAckBlock>(gaps),
                              .duplicate_tsns = std::span<const Tsn>(dups)});
    }
    case ChunkType::kHeartbeat:
    case ChunkType::kHeartbeatAck: {
      // RFC 9260 sections 3.3.5 and 3.3.6: one Heartbeat Info parameter.
      static_assert(HeartbeatRequestChunk::kHeaderSize == HeartbeatAckChunk::kHeaderSize);
      const size_t header = HeartbeatRequestChunk::kHeaderSize;
      TlvList parameters;
      if (options_.strict) {
        if (room(header) < HeartbeatInfoParameter::kHeaderSize) return false;
        ListBuilder list(arena_, room(header), WireKind::kParameter);
        AddParameter(list, TypeValue(ParameterType::kHeartbeatInfo), 0);
        parameters = list.list();
      } else {
        parameters = ParameterList(ParameterContext::kAny, room(header), 2, 0);
      }
      if (type == static_cast<uint8_t>(ChunkType::kHeartbeat)) {
        return append(HeartbeatRequestChunk{.parameters = parameters});
      }
      return append(HeartbeatAckChunk{.parameters = parameters});
    }
    case ChunkType::kAbort:
      return append(AbortChunk{.tag_reflected = Bool(),
                               .error_causes = ErrorCauseList(
                                   CauseContext::kChunk, room(AbortChunk::kHeaderSize), 0, 4, 0)});
    case ChunkType::kShutdown:
      return append(ShutdownChunk{.cumulative_tsn_ack = Tsn(U32())});
    case ChunkType::kShutdownAck:
      return append(ShutdownAckChunk{});
    case ChunkType::kError:
      // Section 3.3.10: one or more error causes.
      if (options_.strict && room(ErrorChunk::kHeaderSize) < kTlvHeaderSize) return false;
      return append(ErrorChunk{.error_causes = ErrorCauseList(CauseContext::kChunk,
                                                              room(ErrorChunk::kHeaderSize),
                                                              options_.strict ? 1 : 0, 4, 0)});
    case ChunkType::kCookieEcho:
      return append(
          CookieEchoChunk{.cookie = RandomBytes(Length(room(CookieEchoChunk::kHeaderSize)))});
    case ChunkType::kCookieAck:
      return append(CookieAckChunk{});
    case ChunkType::kEcne:
      return append(EcneChunk{.lowest_tsn = Tsn(U32())});
    case ChunkType::kCwr:
      return append(CwrChunk{.lowest_tsn = Tsn(U32())});
    case ChunkType::kShutdownComplete:
      return append(ShutdownCompleteChunk{.tag_reflected = Bool()});
    case ChunkType::kAuth: {
      // RFC 4895 section 6.1: HMAC-SHA-1 (id 1, 20 bytes) or HMAC-SHA-256
      // (id 3, 32 bytes); other ids and lengths parse as well.
      const size_t hmac_room = room(AuthChunk::kHeaderSize);
      uint16_t hmac_id = U16();
      size_t hmac_size = Length(hmac_room);
      if (options_.strict || Bool()) {
        const bool sha256 = Bool() && hmac_room >= 32;
        hmac_id = sha256 ? 3 : 1;
        hmac_size = std::min<size_t>(sha256 ? 32 : 20, hmac_room);
      }
      return append(
          AuthChunk{.shared_key_id = U16(), .hmac_id = hmac_id, .hmac = RandomBytes(hmac_size)});
    }
    case ChunkType::kIData: {
      const DataFlags flags = DataFlags::FromByte(U8());
      // RFC 8260 section 2.1: the PPID with the first fragment, the FSN
      // with the others.
      return append(IDataChunk{.flags = flags,
                               .tsn = DataTsn(),
                               .stream_id = StreamId(U16()),
                               .mid = Mid(U32()),
                               .ppid = Ppid(flags.beginning ? U32() : 0),
                               .fsn = Fsn(flags.beginning ? 0 : U32()),
                               .payload = RandomBytes(Length(room(IDataChunk::kHeaderSize)))});
    }
    case ChunkType::kAsconfAck:
      return append(
          AsconfAckChunk{.serial_number = AsconfSerial(U32()),
                         .parameters = ParameterList(ParameterContext::kAsconfAck,
                                                     room(AsconfAckChunk::kHeaderSize), 4, 0)});
    case ChunkType::kReconfig:
      // RFC 6525 section 3.1: one or two parameters.
      return append(
          ReconfigChunk{.parameters = ParameterList(ParameterContext::kReconfig,
                                                    room(ReconfigChunk::kHeaderSize), 2, 0)});
    case ChunkType::kPad:
      return append(PadChunk{.padding = Bool() ? ZeroBytes(Length(room(PadChunk::kHeaderSize)))
                                               : RandomBytes(Length(room(PadChunk::kHeaderSize)))});
    case ChunkType::kForwardTsn: {
      const size_t count = Uniform(0, std::min<size_t>(room(ForwardTsnChunk::kHeaderSize) / 4, 8));
      std::span<ForwardTsnChunk::SkippedStream> streams =
          arena_.Values<ForwardTsnChunk::SkippedStream>(count);
      for (auto& s : streams) s = {.stream_id = StreamId(U16()), .ssn = Ssn(U16())};
      return append(ForwardTsnChunk{
          .new_cumulative_tsn = Tsn(U32()),
          .skipped_streams = std::span<const ForwardTsnChunk::SkippedStream>(streams)});
    }
    case ChunkType::kAsconf: {
      // RFC 5061 section 4.1.1: an address parameter first, then requests.
      const size_t header = AsconfChunk::kHeaderSize;
      if (room(header) < Ipv4AddressParameter::kHeaderSize) return false;
      ListBuilder list(arena_, room(header), WireKind::kParameter);
      if (Bool() && list.room() >= Ipv6AddressParameter::kHeaderSize) {
        list.Add(Ipv6());
      } else {
        list.Add(Ipv4());
      }
      const size_t count = Uniform(0, 4);
      for (size_t i = 0; i < count && list.room() >= kTlvHeaderSize; ++i) {
        for (int attempt = 0; attempt < 4; ++attempt) {
          if (AddParameter(list, PickParameterType(ParameterContext::kAsconf), 0)) break;
        }
      }
      return append(AsconfChunk{.serial_number = AsconfSerial(U32()), .parameters = list.list()});
    }
    case ChunkType::kIForwardTsn: {
      const size_t count = Uniform(0, std::min<size_t>(room(IForwardTsnChunk::kHeaderSize) / 8, 8));
      std::span<IForwardTsnChunk::SkippedStream> streams =
          arena_.Values<IForwardTsnChunk::SkippedStream>(count);
      for (auto& s : streams) {
        s = {.stream_id = StreamId(U16()), .unordered = Bool(), .mid = Mid(U32())};
      }
      return append(IForwardTsnChunk{
          .new_cumulative_tsn = Tsn(U32()),
          .skipped_streams = std::span<const IForwardTsnChunk::SkippedStream>(streams)});
    }
  }
  return append(UnknownChunk{
      .type = type, .flags = U8(), .value = RandomBytes(Length(room(UnknownChunk::kHeaderSize)))});
}

std::vector<uint8_t> Generator::Packet() {
  if (options_.max_packet_size < CommonHeader::kSize + kTlvHeaderSize) std::abort();
  const std::vector<uint8_t> types = ChunkTypes();
  // RFC 9260 section 8.5.1: a packet with INIT has verification tag zero.
  const bool init = types.size() == 1 && types[0] == static_cast<uint8_t>(ChunkType::kInit);
  const CommonHeader header{
      .source_port = Port(U16()),
      .destination_port = Port(U16()),
      .verification_tag = VerificationTag(options_.strict && init ? 0 : U32())};
  std::vector<uint8_t> buffer(options_.max_packet_size);
  PacketWriter writer(buffer, header);
  for (uint8_t type : types) AddChunk(writer, type);
  // Every packet holds a chunk; four bytes always fit.
  if (writer.chunk_count() == 0 && !writer.Append(CookieAckChunk{})) std::abort();
  const std::span<uint8_t> packet = writer.Finish(options_.checksum);
  return std::vector<uint8_t>(packet.begin(), packet.end());
}

}  // namespace

PacketGenerator::PacketGenerator(uint64_t seed, PacketGeneratorOptions options)
    : rng_(seed), options_(options) {}

std::vector<uint8_t> PacketGenerator::Next() { return GeneratePacket(rng_, options_, arena_); }

std::vector<uint8_t> GeneratePacket(std::mt19937_64& rng, const PacketGeneratorOptions& options,
                                    Arena& arena) {
  std::vector<uint8_t> packet = Generator(rng, options, arena).Packet();
  arena.Clear();
  return packet;
}

std::vector<uint8_t> GenerateDataPacket(size_t payload_size, size_t chunk_count,
                                        uint8_t payload_byte) {
  if (DataChunk::kHeaderSize + payload_size > kMaxObjectSize) std::abort();
  const std::vector<uint8_t> payload(payload_size, payload_byte);
  std::vector<uint8_t> buffer(CommonHeader::kSize +
                              chunk_count * PaddedLength(DataChunk::kHeaderSize + payload_size));
  PacketWriter writer(buffer, CommonHeader{.source_port = Port(5000),
                                           .destination_port = Port(5001),
                                           .verification_tag = VerificationTag(0x01020304)});
  for (size_t i = 0; i < chunk_count; ++i) {
    const DataChunk chunk{.flags = DataFlags{.beginning = true, .end = true},
                          .tsn = Tsn(static_cast<uint32_t>(i + 1)),
                          .stream_id = StreamId(1),
                          .ssn = Ssn(static_cast<uint16_t>(i + 1)),
                          .ppid = Ppid(53),
                          .payload = payload};
    if (!writer.Append(chunk)) std::abort();
  }
  const std::span<uint8_t> packet = writer.Finish(ChecksumMode::kSoftware);
  return std::vector<uint8_t>(packet.begin(), packet.end());
}

}  // namespace sctpdp::testing
