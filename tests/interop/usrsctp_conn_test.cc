// Two usrsctp sockets talking through the in-process AF_CONN harness
// (tests/common/usrsctp_conn.h), in one thread: the tests check the harness
// itself (handshake, data both ways, shutdown, abort, timers, checksums) and
// that every packet usrsctp sends parses with sctpdp's wire format code,
// with a correct CRC32c, before sctpdp's engine is put on one side.
#include "tests/common/usrsctp_conn.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "dataplane/sctp/packet/chunk/any_chunk.h"
#include "dataplane/sctp/packet/parameter/any_parameter.h"
#include "dataplane/sctp/packet/parameter/supported_extensions_parameter.h"
#include "dataplane/sctp/packet/sctp_packet.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::ExchangePackets;
using ::sctpdp::testing::UsrsctpConn;
using ::sctpdp::testing::UsrsctpReceived;
using ::sctpdp::testing::UsrsctpSocket;
using ::sctpdp::testing::UsrsctpSocketOptions;
using ::sctpdp::testing::UsrsctpStack;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr uint16_t kClientPort = 5000;
constexpr uint16_t kServerPort = 5001;
constexpr Duration kTick = milliseconds(10);

// Deterministic content that differs between messages and along each one,
// so a misplaced or mixed-up byte shows.
std::vector<uint8_t> MessageBytes(uint32_t id, size_t size) {
  std::vector<uint8_t> bytes(size);
  uint32_t state = id * 2654435761u + 1;
  for (uint8_t& byte : bytes) {
    state = state * 1664525u + 1013904223u;
    byte = static_cast<uint8_t>(state >> 24);
  }
  return bytes;
}

// What a test sends: the PPID carries the message's id, so the receiver
// and the wire checks can tell messages apart.
struct PlannedMessage {
  uint32_t id = 0;
  uint16_t stream = 0;
  bool unordered = false;
  size_t size = 0;
};

struct DeliveredMessage {
  std::vector<uint8_t> payload;
  uint16_t stream = 0;
  uint32_t ppid = 0;
  bool unordered = false;
  int pieces = 0;
};

// One end's receive side: reads everything ready, puts pieces of a message
// together until MSG_EOR and keeps notifications apart.
struct Receiver {
  std::vector<DeliveredMessage> messages;
  std::vector<UsrsctpReceived> notifications;
  std::map<std::pair<uint16_t, bool>, DeliveredMessage> partial;
  std::vector<std::string> errors;

  void Poll(UsrsctpSocket& socket) {
    while (std::optional<UsrsctpReceived> received = socket.Receive()) {
      if (received->is_notification) {
        notifications.push_back(std::move(*received));
        continue;
      }
      if (!received->has_rcvinfo) errors.push_back("message without rcvinfo");
      // At fragment interleave level 2 (I-DATA) pieces of messages on
      // different streams may alternate; within a stream they may not.
      DeliveredMessage& message = partial[{received->stream, received->unordered}];
      if (message.pieces > 0 && message.ppid != received->ppid) {
        errors.push_back("pieces of two messages interleaved on one stream");
      }
      message.stream = received->stream;
      message.ppid = received->ppid;
      message.unordered = received->unordered;
      message.payload.insert(message.payload.end(), received->payload.begin(),
                             received->payload.end());
      ++message.pieces;
      if (received->end_of_record) {
        messages.push_back(std::move(message));
        partial.erase({received->stream, received->unordered});
      }
    }
  }

  bool HasNotification(uint16_t type, std::optional<uint16_t> state = std::nullopt) const {
    return std::any_of(notifications.begin(), notifications.end(), [&](const UsrsctpReceived& n) {
      return n.notification_type == type && (!state.has_value() || n.notification_state == *state);
    });
  }
};

// A chunk as seen on the wire, for the checks that look at what usrsctp sent.
struct WireChunk {
  bool from_client = false;
  ChunkType type{};
  // DATA and I-DATA with the B bit: the first fragment of a message.
  bool first_fragment = false;
  uint16_t stream = 0;
  uint32_t ppid = 0;
  bool unordered = false;
  uint32_t mid = 0;  // I-DATA only
};

class UsrsctpConnTest : public ::testing::Test {
 protected:
  UsrsctpConnTest() : stack_(UsrsctpStack::Get()) {}

  // Parses one packet usrsctp sent with sctpdp's parser: common header,
  // CRC32c (RFC 9260 section 6.8 and appendix A), chunk framing and every
  // chunk down to its parameters.
  void CheckPacket(const UsrsctpConn& from, std::span<const uint8_t> bytes) {
    const bool from_client = &from == &client_conn_;
    ++packets_;
    ParseResult<SctpPacket> packet = SctpPacket::Parse(bytes, SctpPacket::ChecksumCheck::kVerify);
    if (!packet.ok()) {
      wire_errors_.push_back("packet: " + packet.error().ToString());
      return;
    }
    if (packet->header().checksum == 0 || packet->header().checksum != SctpChecksum(bytes)) {
      wire_errors_.push_back("packet without a correct CRC32c");
    }
    const Port source = from_client ? Port(kClientPort) : Port(kServerPort);
    const Port destination = from_client ? Port(kServerPort) : Port(kClientPort);
    if (packet->header().source_port != source ||
        packet->header().destination_port != destination) {
      wire_errors_.push_back("packet with unexpected ports");
    }
    int data_chunks = 0;
    for (const ChunkView& view : *packet) {
      ParseResult<AnyChunk> chunk = ParseChunk(view);
      if (!chunk.ok()) {
        wire_errors_.push_back("chunk: " + chunk.error().ToString());
        continue;
      }
      if (std::holds_alternative<UnknownChunk>(*chunk)) {
        wire_errors_.push_back(
            fmt::format("chunk type {} sctpdp does not know", static_cast<int>(view.type)));
      }
      WireChunk seen{.from_client = from_client, .type = view.type};
      if (const auto* data = std::get_if<DataChunk>(&*chunk)) {
        ++data_chunks;
        seen.first_fragment = data->flags.beginning;
        seen.stream = data->stream_id.value();
        seen.ppid = data->ppid.value();
        seen.unordered = data->flags.unordered;
      } else if (const auto* idata = std::get_if<IDataChunk>(&*chunk)) {
        ++data_chunks;
        seen.first_fragment = idata->flags.beginning;
        seen.stream = idata->stream_id.value();
        seen.ppid = idata->ppid.value();
        seen.unordered = idata->flags.unordered;
        seen.mid = idata->mid.value();
      } else if (const auto* init = std::get_if<InitChunk>(&*chunk)) {
        inits_.push_back({.from_client = from_client,
                          .outbound_streams = init->outbound_streams,
                          .inbound_streams = init->inbound_streams,
                          .extensions = SupportedExtensions(init->parameters)});
      } else if (const auto* init_ack = std::get_if<InitAckChunk>(&*chunk)) {
        inits_.push_back({.from_client = from_client,
                          .outbound_streams = init_ack->outbound_streams,
                          .inbound_streams = init_ack->inbound_streams,
                          .extensions = SupportedExtensions(init_ack->parameters)});
      }
      chunks_.push_back(seen);
    }
    max_data_chunks_per_packet_ = std::max(max_data_chunks_per_packet_, data_chunks);
  }

  std::set<uint8_t> SupportedExtensions(const TlvList& parameters) {
    std::set<uint8_t> types;
    for (const TlvList::Field& field : parameters) {
      ParseResult<AnyParameter> parameter = ParseParameter(field.bytes);
      if (parameter.ok() && std::holds_alternative<UnknownParameter>(*parameter)) {
        wire_errors_.push_back(
            fmt::format("INIT parameter type {:#06x} sctpdp does not know", field.type));
      }
      if (field.type != static_cast<uint16_t>(ParameterType::kSupportedExtensions)) continue;
      ParseResult<SupportedExtensionsParameter> extensions =
          SupportedExtensionsParameter::Parse(field.bytes);
      if (!extensions.ok()) continue;
      types.insert(extensions->chunk_types.begin(), extensions->chunk_types.end());
    }
    return types;
  }

  size_t Exchange() {
    return ExchangePackets(client_conn_, server_conn_,
                           [this](const UsrsctpConn& from, std::span<const uint8_t> packet) {
                             CheckPacket(from, packet);
                           });
  }

  void PollAll() {
    if (client_.has_value()) client_receiver_.Poll(*client_);
    if (server_.has_value()) server_receiver_.Poll(*server_);
  }

  // Moves packets and reads both sockets until `done`, advancing usrsctp's
  // clock in 10 ms steps whenever nothing moves, for at most `limit` of
  // virtual time.
  bool RunUntil(const std::function<bool()>& done, Duration limit = seconds(30)) {
    Duration waited{};
    for (;;) {
      PollAll();
      if (done()) return true;
      if (Exchange() > 0) continue;
      PollAll();
      if (done()) return true;
      if (waited >= limit) return false;
      stack_.AdvanceTime(kTick);
      waited += kTick;
    }
  }

  // Sets up the association: a listener on the server's address, a client
  // connecting to it, the accepted socket.
  void Connect(const UsrsctpSocketOptions& client_options = {},
               const UsrsctpSocketOptions& server_options = {}) {
    listener_.emplace(server_conn_, server_options);
    ASSERT_TRUE(listener_->ok()) << listener_->error();
    ASSERT_TRUE(listener_->Listen(kServerPort)) << listener_->error();
    client_.emplace(client_conn_, client_options);
    ASSERT_TRUE(client_->ok()) << client_->error();
    ASSERT_TRUE(client_->Connect(kClientPort, kServerPort)) << client_->error();
    ASSERT_TRUE(RunUntil([&] {
      if (!server_.has_value()) {
        std::optional<UsrsctpSocket> accepted = listener_->Accept();
        if (accepted.has_value()) server_.emplace(std::move(*accepted));
      }
      return server_.has_value() && client_->IsEstablished() && server_->IsEstablished();
    }));
    ASSERT_TRUE(server_->ok()) << server_->error();
  }

  // Sends `planned` from `sender` as fast as its buffer allows, moving
  // packets in between, until the peer has every message or time runs out.
  bool SendAll(UsrsctpSocket& sender, const std::vector<PlannedMessage>& planned, Receiver& peer) {
    size_t next = 0;
    const size_t already = peer.messages.size();
    return RunUntil(
        [&] {
          while (next < planned.size()) {
            const PlannedMessage& message = planned[next];
            const std::vector<uint8_t> bytes = MessageBytes(message.id, message.size);
            const ssize_t sent = sender.Send(message.stream, message.id, message.unordered, bytes);
            if (sent < 0) {
              EXPECT_EQ(sender.last_errno(), EWOULDBLOCK) << "message " << message.id;
              break;
            }
            EXPECT_EQ(static_cast<size_t>(sent), message.size);
            ++next;
          }
          return next == planned.size() && peer.messages.size() >= already + planned.size();
        },
        seconds(120));
  }

  // Every planned message arrived once, whole, with its stream, PPID and
  // ordering; ordered messages of a stream in the order sent (RFC 9260
  // section 6.6); and each went on the wire as DATA/I-DATA whose first
  // fragment sctpdp parsed with the same stream, PPID and U bit.
  void ExpectDelivered(const std::vector<PlannedMessage>& planned, const Receiver& receiver,
                       bool from_client) {
    EXPECT_TRUE(receiver.errors.empty()) << receiver.errors.front();
    std::map<uint32_t, const DeliveredMessage*> by_id;
    std::map<uint16_t, uint32_t> last_ordered_id;
    for (const DeliveredMessage& message : receiver.messages) {
      EXPECT_TRUE(by_id.emplace(message.ppid, &message).second) << "twice: " << message.ppid;
      if (!message.unordered) {
        auto [last, first] = last_ordered_id.try_emplace(message.stream, message.ppid);
        if (!first) {
          EXPECT_LT(last->second, message.ppid) << "stream " << message.stream;
          last->second = message.ppid;
        }
      }
    }
    std::map<uint32_t, WireChunk> first_fragments;
    for (const WireChunk& chunk : chunks_) {
      if (chunk.first_fragment && chunk.from_client == from_client) {
        first_fragments.emplace(chunk.ppid, chunk);
      }
    }
    EXPECT_EQ(receiver.messages.size(), planned.size());
    for (const PlannedMessage& message : planned) {
      auto found = by_id.find(message.id);
      ASSERT_NE(found, by_id.end()) << "message " << message.id << " missing";
      const DeliveredMessage& delivered = *found->second;
      EXPECT_EQ(delivered.stream, message.stream) << message.id;
      EXPECT_EQ(delivered.unordered, message.unordered) << message.id;
      EXPECT_EQ(delivered.payload.size(), message.size) << message.id;
      EXPECT_TRUE(delivered.payload == MessageBytes(message.id, message.size)) << message.id;
      auto wire = first_fragments.find(message.id);
      ASSERT_NE(wire, first_fragments.end()) << "no first fragment for " << message.id;
      EXPECT_EQ(wire->second.stream, message.stream) << message.id;
      EXPECT_EQ(wire->second.unordered, message.unordered) << message.id;
    }
  }

  void ExpectCleanWire() {
    EXPECT_GT(packets_, 0);
    EXPECT_TRUE(wire_errors_.empty())
        << wire_errors_.size() << " errors, first " << wire_errors_.front();
  }

  int CountChunks(ChunkType type, bool from_client) const {
    return static_cast<int>(std::count_if(chunks_.begin(), chunks_.end(), [&](const WireChunk& c) {
      return c.type == type && c.from_client == from_client;
    }));
  }

  // Messages of every size class from 1 byte to 256 KiB on `streams`
  // streams, one in three unordered. Ids start at `first_id`.
  static std::vector<PlannedMessage> Plan(uint32_t first_id, uint16_t streams) {
    static constexpr size_t kSizes[] = {1,    2,     3,     4,     5,     100,    1024,
                                        1199, 1200,  1201,  1400,  1452,  1500,   4000,
                                        9000, 16384, 65535, 65536, 65537, 100000, 262144};
    std::vector<PlannedMessage> planned;
    uint32_t id = first_id;
    for (size_t size : kSizes) {
      planned.push_back({.id = id,
                         .stream = static_cast<uint16_t>(id % streams),
                         .unordered = id % 3 == 1,
                         .size = size});
      ++id;
    }
    return planned;
  }

  struct SeenInit {
    bool from_client = false;
    uint16_t outbound_streams = 0;
    uint16_t inbound_streams = 0;
    std::set<uint8_t> extensions;
  };

  UsrsctpStack& stack_;
  // Declared before the sockets: a socket destroyed while open aborts its
  // association, which sends an ABORT on its address.
  UsrsctpConn client_conn_;
  UsrsctpConn server_conn_;
  std::optional<UsrsctpSocket> listener_;
  std::optional<UsrsctpSocket> client_;
  std::optional<UsrsctpSocket> server_;
  Receiver client_receiver_;
  Receiver server_receiver_;

  int packets_ = 0;
  std::vector<std::string> wire_errors_;
  std::vector<WireChunk> chunks_;
  std::vector<SeenInit> inits_;
  int max_data_chunks_per_packet_ = 0;
};

UsrsctpSocketOptions BigBuffers() {
  UsrsctpSocketOptions options;
  options.streams = 8;
  // Room for the 256 KiB message: a bigger one than the send buffer is
  // refused with EMSGSIZE.
  options.send_buffer = 1024 * 1024;
  return options;
}

TEST_F(UsrsctpConnTest, HandshakeNotifiesBothEnds) {
  // usrsctp's counters are process-wide: compare with their value before.
  const uint32_t checksum_errors = stack_.Stats().sctps_checksumerrors;
  ASSERT_NO_FATAL_FAILURE(Connect());
  // Association up on both ends (RFC 6458 section 6.1.1, SCTP_COMM_UP).
  ASSERT_TRUE(RunUntil([&] {
    return client_receiver_.HasNotification(SCTP_ASSOC_CHANGE, SCTP_COMM_UP) &&
           server_receiver_.HasNotification(SCTP_ASSOC_CHANGE, SCTP_COMM_UP);
  }));
  // The four-way handshake of RFC 9260 section 5.1, as sctpdp parses it.
  EXPECT_EQ(CountChunks(ChunkType::kInit, true), 1);
  EXPECT_EQ(CountChunks(ChunkType::kInitAck, false), 1);
  EXPECT_EQ(CountChunks(ChunkType::kCookieEcho, true), 1);
  EXPECT_EQ(CountChunks(ChunkType::kCookieAck, false), 1);
  ExpectCleanWire();
  // usrsctp found the checksums of its peer's packets right as well.
  EXPECT_EQ(stack_.Stats().sctps_checksumerrors, checksum_errors);
}

TEST_F(UsrsctpConnTest, MessagesBothWaysArriveWhole) {
  ASSERT_NO_FATAL_FAILURE(Connect(BigBuffers(), BigBuffers()));
  const std::vector<PlannedMessage> to_server = Plan(1000, 8);
  const std::vector<PlannedMessage> to_client = Plan(2000, 8);
  // Both directions at once: each end sends while the other does.
  size_t client_next = 0;
  size_t server_next = 0;
  auto send_some = [](UsrsctpSocket& socket, const std::vector<PlannedMessage>& planned,
                      size_t& next) {
    while (next < planned.size()) {
      const PlannedMessage& message = planned[next];
      const std::vector<uint8_t> bytes = MessageBytes(message.id, message.size);
      if (socket.Send(message.stream, message.id, message.unordered, bytes) < 0) {
        EXPECT_EQ(socket.last_errno(), EWOULDBLOCK);
        return;
      }
      ++next;
    }
  };
  ASSERT_TRUE(RunUntil(
      [&] {
        send_some(*client_, to_server, client_next);
        send_some(*server_, to_client, server_next);
        return server_receiver_.messages.size() == to_server.size() &&
               client_receiver_.messages.size() == to_client.size();
      },
      seconds(120)));
  ExpectDelivered(to_server, server_receiver_, /*from_client=*/true);
  ExpectDelivered(to_client, client_receiver_, /*from_client=*/false);
  // Messages above the path MTU went as several fragments (RFC 9260
  // section 6.9); with plain DATA, never I-DATA.
  EXPECT_EQ(CountChunks(ChunkType::kIData, true), 0);
  EXPECT_GT(CountChunks(ChunkType::kData, true), static_cast<int>(to_server.size()));
  EXPECT_GT(CountChunks(ChunkType::kSack, false), 0);
  ExpectCleanWire();
}

TEST_F(UsrsctpConnTest, ManySmallMessagesAreBundled) {
  UsrsctpSocketOptions options;
  options.nodelay = false;
  ASSERT_NO_FATAL_FAILURE(Connect(options, options));
  std::vector<PlannedMessage> planned;
  for (uint32_t id = 1; id <= 3000; ++id) {
    planned.push_back({.id = id,
                       .stream = static_cast<uint16_t>(id % 16),
                       .unordered = id % 5 == 0,
                       .size = 1 + (id * 37) % 300});
  }
  ASSERT_TRUE(SendAll(*client_, planned, server_receiver_));
  ExpectDelivered(planned, server_receiver_, /*from_client=*/true);
  // Several DATA chunks in one packet (RFC 9260 section 6.10).
  EXPECT_GT(max_data_chunks_per_packet_, 1);
  ExpectCleanWire();
}

TEST_F(UsrsctpConnTest, InterleavingUsesIData) {
  UsrsctpSocketOptions options = BigBuffers();
  options.interleaving = true;
  // usrsctp's sender interleaves the fragments of every queued message,
  // and its receiver holds incomplete messages until they reach the partial
  // delivery point, half the receive buffer by default: five messages of
  // 64 to 256 KiB in flight then fill the 128 KiB window with fragments of
  // which none may go up, and the association stalls at a zero window
  // (usrsctp 0.9.5). A low point lets every message go up in pieces.
  options.partial_delivery_point = 4096;
  ASSERT_NO_FATAL_FAILURE(Connect(options, options));
  // Both ends list I-DATA in Supported Extensions (RFC 8260 section 2.2).
  ASSERT_EQ(inits_.size(), 2u);
  for (const SeenInit& init : inits_) {
    EXPECT_TRUE(init.extensions.contains(static_cast<uint8_t>(ChunkType::kIData)));
  }
  const std::vector<PlannedMessage> planned = Plan(3000, 8);
  ASSERT_TRUE(SendAll(*client_, planned, server_receiver_));
  ExpectDelivered(planned, server_receiver_, /*from_client=*/true);
  // Once negotiated, all user data goes as I-DATA (RFC 8260 section 2.1).
  EXPECT_GT(CountChunks(ChunkType::kIData, true), static_cast<int>(planned.size()));
  EXPECT_EQ(CountChunks(ChunkType::kData, true), 0);
  // And fragments of different messages alternate on the wire, which I-DATA
  // exists for (RFC 8260 section 1): some message has a fragment of
  // another between its first and its last.
  std::map<std::tuple<uint16_t, bool, uint32_t>, std::pair<size_t, size_t>> spans;
  std::vector<std::tuple<uint16_t, bool, uint32_t>> sequence;
  for (const WireChunk& chunk : chunks_) {
    if (chunk.type != ChunkType::kIData || !chunk.from_client) continue;
    const auto key = std::make_tuple(chunk.stream, chunk.unordered, chunk.mid);
    auto [span, inserted] = spans.try_emplace(key, sequence.size(), sequence.size());
    if (!inserted) span->second.second = sequence.size();
    sequence.push_back(key);
  }
  bool interleaved = false;
  for (const auto& [key, span] : spans) {
    for (size_t i = span.first; i < span.second && !interleaved; ++i) {
      interleaved = sequence[i] != key;
    }
  }
  EXPECT_TRUE(interleaved);
  ExpectCleanWire();
}

TEST_F(UsrsctpConnTest, InterleavingNeedsBothEnds) {
  UsrsctpSocketOptions client_options = BigBuffers();
  client_options.interleaving = true;
  ASSERT_NO_FATAL_FAILURE(Connect(client_options, BigBuffers()));
  const std::vector<PlannedMessage> planned = Plan(4000, 8);
  ASSERT_TRUE(SendAll(*client_, planned, server_receiver_));
  ExpectDelivered(planned, server_receiver_, /*from_client=*/true);
  EXPECT_EQ(CountChunks(ChunkType::kIData, true), 0);
  EXPECT_GT(CountChunks(ChunkType::kData, true), 0);
  ExpectCleanWire();
}

TEST_F(UsrsctpConnTest, PacketsStayWithinTheMaximumSize) {
  for (const uint32_t max_packet_size : {0u, 1480u, 9000u}) {
    SCOPED_TRACE(max_packet_size);
    UsrsctpConn client_conn;
    UsrsctpConn server_conn;
    UsrsctpSocketOptions options = BigBuffers();
    options.max_packet_size = max_packet_size;
    UsrsctpSocket listener(server_conn, options);
    ASSERT_TRUE(listener.ok()) << listener.error();
    ASSERT_TRUE(listener.Listen(kServerPort));
    UsrsctpSocket client(client_conn, options);
    ASSERT_TRUE(client.ok()) << client.error();
    ASSERT_TRUE(client.Connect(kClientPort, kServerPort));
    ExchangePackets(client_conn, server_conn);
    std::optional<UsrsctpSocket> server = listener.Accept();
    ASSERT_TRUE(server.has_value());
    const std::vector<uint8_t> bytes = MessageBytes(1, 100000);
    ASSERT_EQ(client.Send(0, 1, false, bytes), 100000);
    size_t largest = 0;
    ExchangePackets(client_conn, server_conn,
                    [&](const UsrsctpConn& from, std::span<const uint8_t> packet) {
                      if (&from == &client_conn) largest = std::max(largest, packet.size());
                    });
    // A 100000-byte message is fragmented into packets as full as the limit
    // allows (RFC 9260 section 6.9); 1280 is usrsctp's default on AF_CONN.
    EXPECT_EQ(largest, max_packet_size == 0 ? 1280u : max_packet_size);
    Receiver receiver;
    receiver.Poll(*server);
    ASSERT_EQ(receiver.messages.size(), 1u);
    EXPECT_EQ(receiver.messages[0].payload, bytes);
  }
}

TEST_F(UsrsctpConnTest, StreamCountsAreNegotiated) {
  UsrsctpSocketOptions client_options;
  client_options.streams = 3;
  UsrsctpSocketOptions server_options;
  server_options.streams = 7;
  ASSERT_NO_FATAL_FAILURE(Connect(client_options, server_options));
  // INIT and INIT ACK carry each end's OS and MIS (RFC 9260 section 3.3.2);
  // the OS of the INIT ACK must not exceed the MIS of the INIT (section
  // 3.3.3), so the server offers 3 of its 7.
  ASSERT_EQ(inits_.size(), 2u);
  EXPECT_TRUE(inits_[0].from_client);
  EXPECT_EQ(inits_[0].outbound_streams, 3);
  EXPECT_EQ(inits_[0].inbound_streams, 3);
  EXPECT_FALSE(inits_[1].from_client);
  EXPECT_EQ(inits_[1].outbound_streams, 3);
  EXPECT_EQ(inits_[1].inbound_streams, 7);
  // Each direction gets the smaller of the sender's OS and the receiver's
  // MIS (section 5.1.1).
  std::optional<struct sctp_status> client_status = client_->Status();
  std::optional<struct sctp_status> server_status = server_->Status();
  ASSERT_TRUE(client_status.has_value());
  ASSERT_TRUE(server_status.has_value());
  EXPECT_EQ(client_status->sstat_outstrms, 3);
  EXPECT_EQ(client_status->sstat_instrms, 3);
  EXPECT_EQ(server_status->sstat_outstrms, 3);
  EXPECT_EQ(server_status->sstat_instrms, 3);
  const std::vector<uint8_t> bytes = MessageBytes(1, 10);
  EXPECT_EQ(client_->Send(2, 1, false, bytes), 10);
  // A stream the association does not have is refused (section 6.5).
  EXPECT_LT(client_->Send(3, 1, false, bytes), 0);
  EXPECT_NE(client_->last_errno(), EWOULDBLOCK);
  ExpectCleanWire();
}

TEST_F(UsrsctpConnTest, GracefulShutdownDeliversEverythingFirst) {
  ASSERT_NO_FATAL_FAILURE(Connect(BigBuffers(), BigBuffers()));
  std::vector<PlannedMessage> planned;
  for (uint32_t id = 1; id <= 50; ++id) {
    planned.push_back({.id = id, .stream = static_cast<uint16_t>(id % 4), .size = 3000});
  }
  // Queue everything, then shut down at once: SHUTDOWN waits until all of
  // it is acknowledged (RFC 9260 section 9.2).
  for (const PlannedMessage& message : planned) {
    const std::vector<uint8_t> bytes = MessageBytes(message.id, message.size);
    ASSERT_EQ(client_->Send(message.stream, message.id, false, bytes),
              static_cast<ssize_t>(message.size));
  }
  ASSERT_TRUE(client_->Shutdown()) << client_->error();
  ASSERT_TRUE(RunUntil([&] {
    return server_->peer_closed() &&
           client_receiver_.HasNotification(SCTP_ASSOC_CHANGE, SCTP_SHUTDOWN_COMP) &&
           server_receiver_.HasNotification(SCTP_ASSOC_CHANGE, SCTP_SHUTDOWN_COMP);
  }));
  ExpectDelivered(planned, server_receiver_, /*from_client=*/true);
  EXPECT_TRUE(server_receiver_.HasNotification(SCTP_SHUTDOWN_EVENT));
  EXPECT_EQ(client_->State(), SCTP_CLOSED);
  EXPECT_EQ(server_->State(), SCTP_CLOSED);
  // SHUTDOWN, SHUTDOWN ACK, SHUTDOWN COMPLETE, and no ABORT.
  EXPECT_GE(CountChunks(ChunkType::kShutdown, true), 1);
  EXPECT_GE(CountChunks(ChunkType::kShutdownAck, false), 1);
  EXPECT_EQ(CountChunks(ChunkType::kShutdownComplete, true), 1);
  EXPECT_EQ(CountChunks(ChunkType::kAbort, true), 0);
  EXPECT_EQ(CountChunks(ChunkType::kAbort, false), 0);
  // SHUTDOWN comes after the last DATA chunk.
  size_t last_data = 0;
  size_t first_shutdown = chunks_.size();
  for (size_t i = 0; i < chunks_.size(); ++i) {
    if (chunks_[i].type == ChunkType::kData) last_data = i;
    if (chunks_[i].type == ChunkType::kShutdown) first_shutdown = std::min(first_shutdown, i);
  }
  EXPECT_LT(last_data, first_shutdown);
  client_->Close();
  server_->Close();
  ExpectCleanWire();
}

TEST_F(UsrsctpConnTest, AbortReachesThePeer) {
  ASSERT_NO_FATAL_FAILURE(Connect());
  client_->Abort();
  ASSERT_TRUE(RunUntil(
      [&] { return server_receiver_.HasNotification(SCTP_ASSOC_CHANGE, SCTP_COMM_LOST); }));
  EXPECT_EQ(CountChunks(ChunkType::kAbort, true), 1);
  EXPECT_EQ(server_->State(), SCTP_CLOSED);
  const std::vector<uint8_t> bytes = MessageBytes(1, 10);
  EXPECT_LT(server_->Send(0, 1, false, bytes), 0);
  ExpectCleanWire();
}

TEST_F(UsrsctpConnTest, IdlePathIsHeartbeated) {
  ASSERT_NO_FATAL_FAILURE(Connect());
  const Duration start = stack_.now();
  // HEARTBEAT to an idle destination every HB.interval, 30 s by default,
  // answered with HEARTBEAT ACK (RFC 9260 section 8.3): the harness's clock
  // drives usrsctp's timers.
  ASSERT_TRUE(RunUntil(
      [&] {
        return CountChunks(ChunkType::kHeartbeat, true) > 0 &&
               CountChunks(ChunkType::kHeartbeatAck, false) > 0;
      },
      seconds(120)));
  EXPECT_GE(stack_.now() - start, seconds(15));
  EXPECT_TRUE(client_->IsEstablished());
  ExpectCleanWire();
}

TEST_F(UsrsctpConnTest, CorruptedPacketIsDroppedAndRetransmitted) {
  ASSERT_NO_FATAL_FAILURE(Connect());
  const uint32_t checksum_errors = stack_.Stats().sctps_checksumerrors;
  const uint32_t retransmissions = stack_.Stats().sctps_sendretransdata;
  const std::vector<uint8_t> bytes = MessageBytes(7, 500);
  ASSERT_EQ(client_->Send(1, 7, false, bytes), 500);
  // Flip one payload bit of the first DATA packet: usrsctp must find the
  // CRC32c wrong and drop the packet (RFC 9260 section 6.8), so the message
  // arrives only after the retransmission timeout (section 6.3.3).
  std::optional<std::vector<uint8_t>> packet = client_conn_.PopOutput();
  ASSERT_TRUE(packet.has_value());
  CheckPacket(client_conn_, *packet);
  ASSERT_EQ(chunks_.back().type, ChunkType::kData);
  packet->back() ^= 0x01;
  server_conn_.Input(*packet);
  Exchange();
  server_receiver_.Poll(*server_);
  EXPECT_TRUE(server_receiver_.messages.empty());
  EXPECT_EQ(stack_.Stats().sctps_checksumerrors, checksum_errors + 1);
  ASSERT_TRUE(RunUntil([&] { return !server_receiver_.messages.empty(); }));
  ASSERT_EQ(server_receiver_.messages.size(), 1u);
  EXPECT_EQ(server_receiver_.messages[0].payload, bytes);
  EXPECT_GT(stack_.Stats().sctps_sendretransdata, retransmissions);
  ExpectCleanWire();
}

}  // namespace
}  // namespace sctpdp
