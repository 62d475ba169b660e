#include "dataplane/sctp/rx/reassembly_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <iterator>
#include <map>
#include <ostream>
#include <random>
#include <string_view>
#include <utility>
#include <vector>

namespace sctpdp {

void PrintTo(const ReceivedMessage& message, std::ostream* os) {
  *os << message.ToString() << " mid=" << message.mid.value();
}

namespace {

using AddResult = ReassemblyQueue::AddResult;
using Kind = ReceivedMessage::Kind;
using Options = ReassemblyQueue::Options;
using Bytes = std::vector<uint8_t>;
using Skipped = ForwardTsnChunk::SkippedStream;
using ISkipped = IForwardTsnChunk::SkippedStream;

constexpr uint32_t kPpid = 51;

// "U", "B", "E" letters, in any order.
DataFlags Flags(std::string_view letters) {
  DataFlags flags;
  for (char c : letters) {
    if (c == 'U') flags.unordered = true;
    if (c == 'B') flags.beginning = true;
    if (c == 'E') flags.end = true;
  }
  return flags;
}

// `size` bytes counting up from `first`, so pieces show where they belong.
Bytes Payload(size_t size, uint8_t first) {
  Bytes bytes(size);
  for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<uint8_t>(first + i);
  return bytes;
}

Bytes Concat(std::initializer_list<Bytes> parts) {
  Bytes all;
  for (const Bytes& part : parts) all.insert(all.end(), part.begin(), part.end());
  return all;
}

ReceivedMessage Msg(uint16_t sid, uint16_t ssn, uint32_t first_tsn, Bytes payload,
                    Kind kind = Kind::kMessage, bool unordered = false) {
  return ReceivedMessage{.kind = kind,
                         .stream_id = StreamId(sid),
                         .unordered = unordered,
                         .ssn = Ssn(ssn),
                         .ppid = Ppid(kPpid),
                         .first_tsn = Tsn(first_tsn),
                         .payload = std::move(payload)};
}

ReceivedMessage IMsg(uint16_t sid, uint32_t mid, uint32_t first_tsn, Bytes payload,
                     Kind kind = Kind::kMessage, bool unordered = false) {
  return ReceivedMessage{.kind = kind,
                         .stream_id = StreamId(sid),
                         .unordered = unordered,
                         .mid = Mid(mid),
                         .ppid = Ppid(kPpid),
                         .first_tsn = Tsn(first_tsn),
                         .payload = std::move(payload)};
}

// The queue with the caller's TSN unwrapping, feeding chunks whose payload
// views a buffer that is scribbled over right after Add, as a reused packet
// buffer would be.
class Receiver {
 public:
  explicit Receiver(Options options = {}) : queue(options) {}

  AddResult Data(uint32_t tsn, uint16_t sid, uint16_t ssn, std::string_view flags, Bytes payload) {
    const DataChunk chunk{.flags = Flags(flags),
                          .tsn = Tsn(tsn),
                          .stream_id = StreamId(sid),
                          .ssn = Ssn(ssn),
                          .ppid = Ppid(kPpid),
                          .payload = payload};
    const AddResult result = queue.Add(tsns.Unwrap(Tsn(tsn)), chunk);
    std::fill(payload.begin(), payload.end(), 0xee);
    return result;
  }

  // `fsn` is ignored with the B flag (the word then holds the PPID).
  AddResult IData(uint32_t tsn, uint16_t sid, uint32_t mid, uint32_t fsn, std::string_view flags,
                  Bytes payload) {
    const DataFlags data_flags = Flags(flags);
    const IDataChunk chunk{.flags = data_flags,
                           .tsn = Tsn(tsn),
                           .stream_id = StreamId(sid),
                           .mid = Mid(mid),
                           .ppid = data_flags.beginning ? Ppid(kPpid) : Ppid(0),
                           .fsn = data_flags.beginning ? Fsn(0) : Fsn(fsn),
                           .payload = payload};
    const AddResult result = queue.Add(tsns.Unwrap(Tsn(tsn)), chunk);
    std::fill(payload.begin(), payload.end(), 0xee);
    return result;
  }

  void ForwardTsn(uint32_t new_cum_tsn, const std::vector<Skipped>& skipped) {
    queue.HandleForwardTsn(tsns.Unwrap(Tsn(new_cum_tsn)), WireList<Skipped>(skipped));
  }
  void IForwardTsn(uint32_t new_cum_tsn, const std::vector<ISkipped>& skipped) {
    queue.HandleForwardTsn(tsns.Unwrap(Tsn(new_cum_tsn)), WireList<ISkipped>(skipped));
  }

  std::vector<ReceivedMessage> Drain() {
    std::vector<ReceivedMessage> out;
    while (std::optional<ReceivedMessage> message = queue.PopMessage()) {
      out.push_back(std::move(*message));
    }
    EXPECT_FALSE(queue.HasMessages());
    return out;
  }

  ReassemblyQueue queue;
  UnwrappedTsn::Unwrapper tsns;
};

Options Interleaving() { return Options{.use_interleaving = true}; }

// ---------------------------------------------------------------------------
// RFC 9260 sections 6.5 and 6.6: ordered and unordered delivery.

TEST(ReassemblyQueueTest, SingleFragmentOrderedMessagesInOrder) {
  Receiver rx;
  EXPECT_EQ(rx.Data(10, 1, 0, "BE", Payload(3, 1)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(11, 1, 1, "BE", Payload(4, 2)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{Msg(1, 0, 10, Payload(3, 1)),
                                                      Msg(1, 1, 11, Payload(4, 2))}));
  EXPECT_EQ(rx.queue.buffered_bytes(), 0u);
  EXPECT_FALSE(rx.queue.PopMessage().has_value());
}

TEST(ReassemblyQueueTest, OrderedMessageWaitsForTheMissingSsn) {
  // RFC 9260 section 6.6: out-of-order SSNs are held until reordered.
  Receiver rx;
  EXPECT_EQ(rx.Data(12, 1, 2, "BE", Payload(2, 30)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(11, 1, 1, "BE", Payload(2, 20)), AddResult::kAccepted);
  EXPECT_TRUE(rx.Drain().empty());
  EXPECT_EQ(rx.queue.buffered_bytes(), 4u);
  EXPECT_EQ(rx.Data(10, 1, 0, "BE", Payload(2, 10)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{Msg(1, 0, 10, Payload(2, 10)),
                                                      Msg(1, 1, 11, Payload(2, 20)),
                                                      Msg(1, 2, 12, Payload(2, 30))}));
  EXPECT_EQ(rx.queue.buffered_bytes(), 0u);
}

TEST(ReassemblyQueueTest, UnorderedMessageDoesNotWait) {
  // RFC 9260 section 6.6: U=1 bypasses ordering; its SSN is ignored, so
  // the same SSN twice and an SSN far from the expected one are fine.
  Receiver rx;
  EXPECT_EQ(rx.Data(11, 1, 1, "BE", Payload(2, 20)), AddResult::kAccepted);  // ordered, waits
  EXPECT_EQ(rx.Data(12, 1, 40000, "UBE", Payload(2, 30)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(13, 1, 40000, "UBE", Payload(2, 40)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{
                            Msg(1, 40000, 12, Payload(2, 30), Kind::kMessage, true),
                            Msg(1, 40000, 13, Payload(2, 40), Kind::kMessage, true)}));
  EXPECT_EQ(rx.Data(10, 1, 0, "BE", Payload(2, 10)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{Msg(1, 0, 10, Payload(2, 10)),
                                                      Msg(1, 1, 11, Payload(2, 20))}));
}

TEST(ReassemblyQueueTest, StreamsAreIndependent) {
  // RFC 9260 section 6.5: each stream has its own SSN sequence; a gap on
  // one holds nothing on another.
  Receiver rx;
  EXPECT_EQ(rx.Data(11, 1, 1, "BE", Payload(1, 1)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(12, 2, 0, "BE", Payload(1, 2)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(13, 2, 1, "BE", Payload(1, 3)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{Msg(2, 0, 12, Payload(1, 2)),
                                                      Msg(2, 1, 13, Payload(1, 3))}));
  EXPECT_EQ(rx.Data(10, 1, 0, "BE", Payload(1, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{Msg(1, 0, 10, Payload(1, 0)),
                                                      Msg(1, 1, 11, Payload(1, 1))}));
}

TEST(ReassemblyQueueTest, SsnWrapsFrom65535To0) {
  // RFC 9260 section 6.5: after SSN 65535 comes 0.
  Receiver rx;
  uint32_t tsn = 1000;
  for (uint32_t ssn = 0; ssn < 65534; ++tsn, ++ssn) {
    ASSERT_EQ(rx.Data(tsn, 7, static_cast<uint16_t>(ssn), "BE", Payload(1, 0)),
              AddResult::kAccepted);
    ASSERT_TRUE(rx.queue.PopMessage().has_value());
  }
  // 65534, 65535, 0, 1 arrive as 0, 65535, 1, 65534.
  EXPECT_EQ(rx.Data(tsn + 2, 7, 0, "BE", Payload(1, 2)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(tsn + 1, 7, 65535, "BE", Payload(1, 1)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(tsn + 3, 7, 1, "BE", Payload(1, 3)), AddResult::kAccepted);
  EXPECT_TRUE(rx.Drain().empty());
  EXPECT_EQ(rx.Data(tsn, 7, 65534, "BE", Payload(1, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(),
            (std::vector<ReceivedMessage>{
                Msg(7, 65534, tsn, Payload(1, 0)), Msg(7, 65535, tsn + 1, Payload(1, 1)),
                Msg(7, 0, tsn + 2, Payload(1, 2)), Msg(7, 1, tsn + 3, Payload(1, 3))}));
  // SSN 65535 is now behind the expected SSN 2.
  EXPECT_EQ(rx.Data(tsn + 4, 7, 65535, "BE", Payload(1, 0)), AddResult::kDuplicate);
}

// ---------------------------------------------------------------------------
// RFC 9260 section 6.9: fragmentation and reassembly.

TEST(ReassemblyQueueTest, FragmentsArrivingShuffledAreReassembled) {
  Receiver rx;
  const Bytes a = Payload(100, 0), b = Payload(100, 100), c = Payload(100, 200), d = Payload(7, 50);
  EXPECT_EQ(rx.Data(22, 3, 0, "", c), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(20, 3, 0, "B", a), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(23, 3, 0, "E", d), AddResult::kAccepted);
  EXPECT_TRUE(rx.Drain().empty());  // TSN 21 missing: not complete
  EXPECT_EQ(rx.queue.buffered_bytes(), 207u);
  EXPECT_EQ(rx.Data(21, 3, 0, "", b), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{Msg(3, 0, 20, Concat({a, b, c, d}))}));
  EXPECT_EQ(rx.queue.buffered_bytes(), 0u);
}

TEST(ReassemblyQueueTest, FragmentedOrderedMessagesKeepSsnOrder) {
  Receiver rx;
  // SSN 1 (TSN 12-13) completes before SSN 0 (TSN 10-11).
  EXPECT_EQ(rx.Data(13, 1, 1, "E", Payload(2, 13)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(12, 1, 1, "B", Payload(2, 12)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(10, 1, 0, "B", Payload(2, 10)), AddResult::kAccepted);
  EXPECT_TRUE(rx.Drain().empty());
  EXPECT_EQ(rx.Data(11, 1, 0, "E", Payload(2, 11)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{
                            Msg(1, 0, 10, Concat({Payload(2, 10), Payload(2, 11)})),
                            Msg(1, 1, 12, Concat({Payload(2, 12), Payload(2, 13)}))}));
}

TEST(ReassemblyQueueTest, UnorderedFragmentsJoinByConsecutiveTsns) {
  // RFC 9260 section 6.9: unordered fragments have no usable SSN; two
  // unordered messages back to back on one stream are told apart by B/E.
  Receiver rx;
  EXPECT_EQ(rx.Data(23, 4, 9, "UE", Payload(3, 23)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(21, 4, 1, "UE", Payload(3, 21)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(22, 4, 5, "UB", Payload(3, 22)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(),
            (std::vector<ReceivedMessage>{
                Msg(4, 5, 22, Concat({Payload(3, 22), Payload(3, 23)}), Kind::kMessage, true)}));
  EXPECT_EQ(rx.Data(20, 4, 3, "UB", Payload(3, 20)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(),
            (std::vector<ReceivedMessage>{
                Msg(4, 3, 20, Concat({Payload(3, 20), Payload(3, 21)}), Kind::kMessage, true)}));
  EXPECT_EQ(rx.queue.buffered_bytes(), 0u);
}

TEST(ReassemblyQueueTest, UnorderedMiddleFragmentsJoinInAnyOrder) {
  Receiver rx;
  EXPECT_EQ(rx.Data(33, 4, 0, "U", Payload(1, 33)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(31, 4, 0, "U", Payload(1, 31)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(30, 4, 0, "UB", Payload(1, 30)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(34, 4, 0, "UE", Payload(1, 34)), AddResult::kAccepted);
  EXPECT_TRUE(rx.Drain().empty());
  EXPECT_EQ(rx.Data(32, 4, 0, "U", Payload(1, 32)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(),
            (std::vector<ReceivedMessage>{Msg(4, 0, 30, Payload(5, 30), Kind::kMessage, true)}));
}

TEST(ReassemblyQueueTest, DuplicateFragmentsAreIgnored) {
  Receiver rx;
  EXPECT_EQ(rx.Data(10, 1, 0, "B", Payload(5, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(10, 1, 0, "B", Payload(5, 0)), AddResult::kDuplicate);
  EXPECT_EQ(rx.Data(20, 1, 3, "UB", Payload(5, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(20, 1, 3, "UB", Payload(5, 0)), AddResult::kDuplicate);
  EXPECT_EQ(rx.Data(22, 1, 3, "U", Payload(5, 0)), AddResult::kAccepted);  // loose
  EXPECT_EQ(rx.Data(22, 1, 3, "U", Payload(5, 0)), AddResult::kDuplicate);
  EXPECT_EQ(rx.queue.buffered_bytes(), 15u);
  EXPECT_EQ(rx.Data(11, 1, 0, "E", Payload(5, 5)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{Msg(1, 0, 10, Payload(10, 0))}));
  // RFC 9260 section 6.6: SSN 0 was delivered.
  EXPECT_EQ(rx.Data(12, 1, 0, "BE", Payload(5, 0)), AddResult::kDuplicate);
  EXPECT_EQ(rx.queue.buffered_bytes(), 10u);
}

TEST(ReassemblyQueueTest, WrongChunkTypeForTheModeIsInvalid) {
  // RFC 8260 section 2.2.3: DATA with I-DATA negotiated, or I-DATA without.
  Receiver data;
  EXPECT_EQ(data.IData(1, 1, 0, 0, "BE", Payload(1, 0)), AddResult::kInvalid);
  Receiver idata(Interleaving());
  EXPECT_EQ(idata.Data(1, 1, 0, "BE", Payload(1, 0)), AddResult::kInvalid);
  // RFC 8260 section 2.1: FSN 0 belongs to the B fragment.
  EXPECT_EQ(idata.IData(2, 1, 0, 0, "E", Payload(1, 0)), AddResult::kInvalid);
  EXPECT_EQ(data.queue.buffered_bytes() + idata.queue.buffered_bytes(), 0u);
  EXPECT_TRUE(data.Drain().empty());
  EXPECT_TRUE(idata.Drain().empty());
}

// ---------------------------------------------------------------------------
// RFC 8260 section 2.2: I-DATA.

TEST(ReassemblyQueueTest, IDataReassemblesByFsnNotTsn) {
  // RFC 8260 section 2.2.3: the receiver makes no assumption about TSNs.
  Receiver rx(Interleaving());
  EXPECT_EQ(rx.IData(5, 1, 0, 2, "E", Payload(2, 4)), AddResult::kAccepted);
  EXPECT_EQ(rx.IData(6, 1, 0, 0, "B", Payload(2, 0)), AddResult::kAccepted);
  EXPECT_TRUE(rx.Drain().empty());
  EXPECT_EQ(rx.IData(9, 1, 0, 1, "", Payload(2, 2)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{IMsg(1, 0, 6, Payload(6, 0))}));
  EXPECT_EQ(rx.IData(10, 1, 0, 1, "", Payload(2, 2)), AddResult::kDuplicate);  // MID 0 done
}

TEST(ReassemblyQueueTest, IDataInterleavesMessagesOfDifferentStreams) {
  // RFC 8260 section 2.2.2: fragments of messages on different streams
  // interleave; each is delivered when complete, in order per stream.
  Receiver rx(Interleaving());
  EXPECT_EQ(rx.IData(1, 1, 0, 0, "B", Payload(2, 10)), AddResult::kAccepted);
  EXPECT_EQ(rx.IData(2, 2, 0, 0, "B", Payload(2, 20)), AddResult::kAccepted);
  EXPECT_EQ(rx.IData(3, 1, 0, 1, "", Payload(2, 12)), AddResult::kAccepted);
  EXPECT_EQ(rx.IData(4, 2, 0, 1, "E", Payload(2, 22)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{IMsg(2, 0, 2, Payload(4, 20))}));
  EXPECT_EQ(rx.IData(5, 2, 1, 0, "BE", Payload(1, 99)), AddResult::kAccepted);
  EXPECT_EQ(rx.IData(6, 1, 0, 2, "E", Payload(2, 14)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{IMsg(2, 1, 5, Payload(1, 99)),
                                                      IMsg(1, 0, 1, Payload(6, 10))}));
}

TEST(ReassemblyQueueTest, IDataMessagesOnOneStreamAreToldApartByUAndMid) {
  // RFC 8260 sections 2.1 and 2.2.3: the stream, the U bit and the MID
  // identify the message; ordered and unordered MIDs are separate counters.
  Receiver rx(Interleaving());
  EXPECT_EQ(rx.IData(1, 3, 0, 0, "UB", Payload(2, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.IData(2, 3, 1, 0, "UB", Payload(2, 100)), AddResult::kAccepted);
  EXPECT_EQ(rx.IData(3, 3, 0, 0, "B", Payload(2, 200)), AddResult::kAccepted);
  EXPECT_EQ(rx.IData(4, 3, 1, 1, "UE", Payload(2, 102)), AddResult::kAccepted);
  EXPECT_EQ(rx.IData(5, 3, 0, 1, "E", Payload(2, 202)), AddResult::kAccepted);
  EXPECT_EQ(rx.IData(6, 3, 0, 1, "UE", Payload(2, 2)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{
                            IMsg(3, 1, 2, Payload(4, 100), Kind::kMessage, true),
                            IMsg(3, 0, 3, Payload(4, 200)),
                            IMsg(3, 0, 1, Payload(4, 0), Kind::kMessage, true),
                        }));
}

TEST(ReassemblyQueueTest, IDataOrderedWaitsUnorderedDoesNot) {
  Receiver rx(Interleaving());
  EXPECT_EQ(rx.IData(2, 1, 1, 0, "BE", Payload(1, 1)), AddResult::kAccepted);
  EXPECT_EQ(rx.IData(3, 1, 7, 0, "UBE", Payload(1, 7)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(),
            (std::vector<ReceivedMessage>{IMsg(1, 7, 3, Payload(1, 7), Kind::kMessage, true)}));
  EXPECT_EQ(rx.IData(1, 1, 0, 0, "BE", Payload(1, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{IMsg(1, 0, 1, Payload(1, 0)),
                                                      IMsg(1, 1, 2, Payload(1, 1))}));
}

TEST(ReassemblyQueueTest, MidWrapsFrom2To32MinusOneTo0) {
  // RFC 8260 section 2.1: MIDs use serial number arithmetic, 32 bits. An
  // I-FORWARD-TSN moves the stream close to the wrap (in steps below 2^31).
  Receiver rx(Interleaving());
  rx.IForwardTsn(10,
                 {ISkipped{.stream_id = StreamId(2), .unordered = false, .mid = Mid(0x7fffffff)}});
  rx.IForwardTsn(11,
                 {ISkipped{.stream_id = StreamId(2), .unordered = false, .mid = Mid(0xfffffffd)}});
  EXPECT_EQ(rx.IData(14, 2, 0, 0, "BE", Payload(1, 2)), AddResult::kAccepted);
  EXPECT_EQ(rx.IData(13, 2, 0xffffffff, 0, "BE", Payload(1, 1)), AddResult::kAccepted);
  EXPECT_TRUE(rx.Drain().empty());
  EXPECT_EQ(rx.IData(12, 2, 0xfffffffe, 0, "BE", Payload(1, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{IMsg(2, 0xfffffffe, 12, Payload(1, 0)),
                                                      IMsg(2, 0xffffffff, 13, Payload(1, 1)),
                                                      IMsg(2, 0, 14, Payload(1, 2))}));
}

TEST(ReassemblyQueueTest, FsnUsesSerialNumberArithmetic) {
  // RFC 8260 section 2.1: FSNs compare with SERIAL_BITS = 32 (they may wrap
  // within one large message), relative to the next FSN expected: up to
  // 2^31 - 1 ahead is a later fragment, the rest is an old one.
  Receiver rx(Options{.partial_delivery_point = 0, .use_interleaving = true});
  EXPECT_EQ(rx.IData(1, 1, 0, 0, "B", Payload(1, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.IData(2, 1, 0, 1, "", Payload(1, 1)), AddResult::kAccepted);
  EXPECT_EQ(rx.IData(3, 1, 0, 2, "", Payload(1, 2)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain().size(), 3u);  // PDP 0: each byte goes at once
  // FSN 3 is expected next.
  EXPECT_EQ(rx.IData(4, 1, 0, 3 + 0x7ffffffeu, "", Payload(1, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.IData(5, 1, 0, 3 + 0x7fffffffu, "", Payload(1, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.IData(6, 1, 0, 3 + 0x80000000u, "", Payload(1, 0)), AddResult::kDuplicate);
  EXPECT_EQ(rx.IData(7, 1, 0, 2, "", Payload(1, 0)), AddResult::kDuplicate);
  EXPECT_TRUE(rx.Drain().empty());
  EXPECT_EQ(rx.queue.buffered_bytes(), 2u);
  EXPECT_EQ(rx.IData(8, 1, 0, 3, "", Payload(1, 3)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{IMsg(1, 0, 1, Payload(1, 3), Kind::kPiece)}));
}

// ---------------------------------------------------------------------------
// RFC 3758 section 3.6 and RFC 8260 section 2.3.1: FORWARD-TSN.

TEST(ReassemblyQueueTest, ForwardTsnAbandonsAPartialMessageAndSkipsItsSsn) {
  Receiver rx;
  EXPECT_EQ(rx.Data(1, 1, 0, "B", Payload(10, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(2, 1, 0, "", Payload(10, 10)), AddResult::kAccepted);
  // TSN 3 (E of SSN 0) was abandoned; SSN 1 is complete and waits.
  EXPECT_EQ(rx.Data(4, 1, 1, "BE", Payload(4, 40)), AddResult::kAccepted);
  EXPECT_TRUE(rx.Drain().empty());
  EXPECT_EQ(rx.queue.buffered_bytes(), 24u);
  rx.ForwardTsn(3, {Skipped{.stream_id = StreamId(1), .ssn = Ssn(0)}});
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{Msg(1, 1, 4, Payload(4, 40))}));
  EXPECT_EQ(rx.queue.buffered_bytes(), 0u);
  EXPECT_EQ(rx.Data(5, 1, 2, "BE", Payload(1, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{Msg(1, 2, 5, Payload(1, 0))}));
}

TEST(ReassemblyQueueTest, ForwardTsnDeliversCompleteMessagesUpToTheListedSsn) {
  // RFC 3758 section 3.6: "immediately make available for delivery stream
  // sequence numbers earlier than or equal to" the listed one.
  Receiver rx;
  EXPECT_EQ(rx.Data(11, 5, 1, "BE", Payload(1, 1)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(13, 5, 3, "BE", Payload(1, 3)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(15, 5, 5, "BE", Payload(1, 5)), AddResult::kAccepted);
  // SSNs 0 and 2 (TSNs 10, 12) abandoned; SSN 4 (TSN 14) still to come.
  rx.ForwardTsn(12, {Skipped{.stream_id = StreamId(5), .ssn = Ssn(2)}});
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{Msg(5, 1, 11, Payload(1, 1)),
                                                      Msg(5, 3, 13, Payload(1, 3))}));
  EXPECT_EQ(rx.Data(14, 5, 4, "BE", Payload(1, 4)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{Msg(5, 4, 14, Payload(1, 4)),
                                                      Msg(5, 5, 15, Payload(1, 5))}));
}

TEST(ReassemblyQueueTest, ForwardTsnForAStreamNeverSeenMovesItsExpectedSsn) {
  Receiver rx;
  rx.ForwardTsn(5, {Skipped{.stream_id = StreamId(9), .ssn = Ssn(3)}});
  EXPECT_EQ(rx.Data(6, 9, 4, "BE", Payload(1, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{Msg(9, 4, 6, Payload(1, 0))}));
  EXPECT_EQ(rx.Data(7, 9, 2, "BE", Payload(1, 0)), AddResult::kDuplicate);
}

TEST(ReassemblyQueueTest, ForwardTsnRemovesPartialUnorderedDataBelowTheCumTsn) {
  // RFC 3758 section 3.6: remove any partially reassembled message still
  // missing a TSN at or below the new cumulative TSN.
  Receiver rx;
  EXPECT_EQ(rx.Data(5, 1, 0, "UB", Payload(3, 0)), AddResult::kAccepted);  // misses 6
  EXPECT_EQ(rx.Data(7, 1, 0, "UE", Payload(3, 0)), AddResult::kAccepted);  // loose, misses 6
  EXPECT_EQ(rx.Data(20, 2, 0, "U", Payload(3, 0)), AddResult::kAccepted);  // misses 19
  EXPECT_EQ(rx.Data(10, 2, 0, "UB", Payload(3, 10)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(11, 2, 0, "U", Payload(3, 13)), AddResult::kAccepted);  // misses 12
  EXPECT_EQ(rx.queue.buffered_bytes(), 15u);
  // Abandoned: TSNs 5-7 (and 8-9 on other streams). TSNs 10-11 start a
  // message that misses TSN 12, beyond the cumulative TSN: it stays.
  rx.ForwardTsn(9, {});
  EXPECT_EQ(rx.queue.buffered_bytes(), 9u);
  EXPECT_EQ(rx.Data(12, 2, 0, "UE", Payload(3, 16)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(),
            (std::vector<ReceivedMessage>{Msg(2, 0, 10, Payload(9, 10), Kind::kMessage, true)}));
  // TSN 19 and 20 abandoned too.
  rx.ForwardTsn(20, {});
  EXPECT_EQ(rx.queue.buffered_bytes(), 0u);
  EXPECT_TRUE(rx.Drain().empty());
}

TEST(ReassemblyQueueTest, ForwardTsnKeepsAnOrderedMessageNotMissingAnyTsnBelowIt) {
  Receiver rx;
  EXPECT_EQ(rx.Data(10, 1, 0, "B", Payload(2, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(11, 1, 0, "", Payload(2, 2)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(13, 1, 1, "E", Payload(2, 0)), AddResult::kAccepted);  // no B: misses 12
  rx.ForwardTsn(11, {});  // TSN 12 is still to come
  EXPECT_EQ(rx.queue.buffered_bytes(), 6u);
  EXPECT_EQ(rx.Data(12, 1, 0, "E", Payload(2, 4)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{Msg(1, 0, 10, Payload(6, 0))}));
  // SSN 1 misses its B fragment, TSN 12 at the latest: now below the cum TSN.
  rx.ForwardTsn(12, {Skipped{.stream_id = StreamId(1), .ssn = Ssn(1)}});
  EXPECT_EQ(rx.queue.buffered_bytes(), 0u);
}

TEST(ReassemblyQueueTest, IForwardTsnSkipsOrderedAndUnorderedMids) {
  // RFC 8260 section 2.3.1: ordered entries move the expected MID, and
  // entries with U drop incomplete unordered messages up to the MID. TSNs
  // alone remove nothing: a message of another stream whose first
  // fragment is below the new cumulative TSN continues.
  Receiver rx(Interleaving());
  EXPECT_EQ(rx.IData(1, 1, 0, 0, "B", Payload(2, 0)), AddResult::kAccepted);    // abandoned
  EXPECT_EQ(rx.IData(2, 1, 1, 0, "BE", Payload(2, 10)), AddResult::kAccepted);  // waits
  EXPECT_EQ(rx.IData(3, 1, 4, 0, "UB", Payload(2, 20)), AddResult::kAccepted);  // abandoned
  EXPECT_EQ(rx.IData(4, 1, 6, 0, "UB", Payload(2, 30)), AddResult::kAccepted);  // continues
  EXPECT_EQ(rx.IData(5, 2, 0, 0, "B", Payload(2, 40)), AddResult::kAccepted);   // continues
  EXPECT_EQ(rx.queue.buffered_bytes(), 10u);
  rx.IForwardTsn(7, {ISkipped{.stream_id = StreamId(1), .unordered = false, .mid = Mid(0)},
                     ISkipped{.stream_id = StreamId(1), .unordered = true, .mid = Mid(5)}});
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{IMsg(1, 1, 2, Payload(2, 10))}));
  EXPECT_EQ(rx.queue.buffered_bytes(), 4u);
  EXPECT_EQ(rx.IData(8, 1, 6, 1, "UE", Payload(2, 32)), AddResult::kAccepted);
  EXPECT_EQ(rx.IData(9, 2, 0, 1, "E", Payload(2, 42)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(),
            (std::vector<ReceivedMessage>{IMsg(1, 6, 4, Payload(4, 30), Kind::kMessage, true),
                                          IMsg(2, 0, 5, Payload(4, 40))}));
}

TEST(ReassemblyQueueTest, ForwardTsnOfTheOtherKindIsIgnored) {
  // RFC 8260 section 2.3.1: FORWARD-TSN goes with DATA, I-FORWARD-TSN with
  // I-DATA; the association aborts on the other.
  Receiver data;
  EXPECT_EQ(data.Data(2, 1, 1, "BE", Payload(1, 0)), AddResult::kAccepted);
  data.IForwardTsn(1, {ISkipped{.stream_id = StreamId(1), .unordered = false, .mid = Mid(0)}});
  EXPECT_TRUE(data.Drain().empty());
  Receiver idata(Interleaving());
  EXPECT_EQ(idata.IData(2, 1, 1, 0, "BE", Payload(1, 0)), AddResult::kAccepted);
  idata.ForwardTsn(1, {Skipped{.stream_id = StreamId(1), .ssn = Ssn(0)}});
  EXPECT_TRUE(idata.Drain().empty());
}

// ---------------------------------------------------------------------------
// RFC 6458 sections 6.1.7, 8.1.20 and 8.1.21: partial delivery.

TEST(ReassemblyQueueTest, LargeMessageIsDeliveredInPiecesInOrder) {
  Receiver rx(Options{.partial_delivery_point = 100});
  const Bytes f1 = Payload(60, 0), f2 = Payload(60, 60), f3 = Payload(60, 120),
              f4 = Payload(60, 180), f5 = Payload(30, 240);
  EXPECT_EQ(rx.Data(10, 1, 0, "B", f1), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(12, 1, 0, "", f3), AddResult::kAccepted);
  EXPECT_TRUE(rx.Drain().empty());  // 60 contiguous bytes: not above the PDP
  EXPECT_EQ(rx.Data(11, 1, 0, "", f2), AddResult::kAccepted);
  // 180 contiguous bytes > 100: the first piece.
  EXPECT_EQ(rx.Drain(),
            (std::vector<ReceivedMessage>{Msg(1, 0, 10, Concat({f1, f2, f3}), Kind::kPiece)}));
  EXPECT_EQ(rx.queue.buffered_bytes(), 0u);
  EXPECT_EQ(rx.Data(13, 1, 0, "", f4), AddResult::kAccepted);
  EXPECT_TRUE(rx.Drain().empty());  // 60 more: waits for more or the end
  EXPECT_EQ(rx.Data(14, 1, 0, "E", f5), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(),
            (std::vector<ReceivedMessage>{Msg(1, 0, 10, Concat({f4, f5}), Kind::kLastPiece)}));
  // RFC 6458 section 8.1.21: a message up to the PDP comes whole.
  EXPECT_EQ(rx.Data(15, 1, 1, "B", Payload(50, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(16, 1, 1, "E", Payload(50, 50)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{Msg(1, 1, 15, Payload(100, 0))}));
}

TEST(ReassemblyQueueTest, OnlyTheNextOrderedMessageIsPartiallyDelivered) {
  Receiver rx(Options{.partial_delivery_point = 10});
  EXPECT_EQ(rx.Data(20, 1, 1, "B", Payload(20, 0)), AddResult::kAccepted);
  EXPECT_TRUE(rx.Drain().empty());  // SSN 0 first
  EXPECT_EQ(rx.Data(19, 1, 0, "BE", Payload(1, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(),
            (std::vector<ReceivedMessage>{Msg(1, 0, 19, Payload(1, 0)),
                                          Msg(1, 1, 20, Payload(20, 0), Kind::kPiece)}));
}

TEST(ReassemblyQueueTest, PartialDeliveryBlocksItsStreamOnly) {
  // RFC 6458 section 8.1.20 level 2: while a message is partially
  // delivered, nothing else of its stream is; other streams go on.
  Receiver rx(Options{.partial_delivery_point = 10});
  EXPECT_EQ(rx.Data(10, 1, 0, "B", Payload(20, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(),
            (std::vector<ReceivedMessage>{Msg(1, 0, 10, Payload(20, 0), Kind::kPiece)}));
  EXPECT_EQ(rx.Data(30, 1, 0, "UBE", Payload(3, 30)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(31, 2, 0, "BE", Payload(3, 31)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{Msg(2, 0, 31, Payload(3, 31))}));
  EXPECT_EQ(rx.Data(11, 1, 0, "E", Payload(5, 20)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(),
            (std::vector<ReceivedMessage>{Msg(1, 0, 10, Payload(5, 20), Kind::kLastPiece),
                                          Msg(1, 0, 30, Payload(3, 30), Kind::kMessage, true)}));
}

TEST(ReassemblyQueueTest, UnorderedPartialDeliveryBlocksOrderedMessagesOfItsStream) {
  Receiver rx(Options{.partial_delivery_point = 10, .use_interleaving = true});
  EXPECT_EQ(rx.IData(1, 1, 0, 0, "UB", Payload(11, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.IData(2, 1, 0, 0, "BE", Payload(2, 50)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(),
            (std::vector<ReceivedMessage>{IMsg(1, 0, 1, Payload(11, 0), Kind::kPiece, true)}));
  EXPECT_EQ(rx.IData(3, 1, 0, 1, "UE", Payload(1, 11)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(),
            (std::vector<ReceivedMessage>{IMsg(1, 0, 1, Payload(1, 11), Kind::kLastPiece, true),
                                          IMsg(1, 0, 2, Payload(2, 50))}));
}

TEST(ReassemblyQueueTest, ForwardTsnAbortsAPartialDelivery) {
  // RFC 3758 section 3.6 and RFC 6458 section 6.1.7: the upper layer learns
  // that the partially delivered message will not be completed.
  Receiver rx(Options{.partial_delivery_point = 10});
  EXPECT_EQ(rx.Data(10, 1, 0, "B", Payload(20, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(11, 1, 0, "", Payload(5, 20)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(14, 1, 1, "BE", Payload(2, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(),
            (std::vector<ReceivedMessage>{Msg(1, 0, 10, Payload(20, 0), Kind::kPiece)}));
  EXPECT_EQ(rx.queue.buffered_bytes(), 7u);
  rx.ForwardTsn(13, {Skipped{.stream_id = StreamId(1), .ssn = Ssn(0)}});
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{Msg(1, 0, 10, {}, Kind::kAborted),
                                                      Msg(1, 1, 14, Payload(2, 0))}));
  EXPECT_EQ(rx.queue.buffered_bytes(), 0u);
}

TEST(ReassemblyQueueTest, IForwardTsnAbortsAnUnorderedPartialDelivery) {
  Receiver rx(Options{.partial_delivery_point = 4, .use_interleaving = true});
  EXPECT_EQ(rx.IData(1, 2, 3, 0, "UB", Payload(5, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.IData(2, 2, 4, 0, "UBE", Payload(1, 9)), AddResult::kAccepted);  // blocked
  rx.IForwardTsn(3, {ISkipped{.stream_id = StreamId(2), .unordered = true, .mid = Mid(3)}});
  EXPECT_EQ(rx.Drain(),
            (std::vector<ReceivedMessage>{IMsg(2, 3, 1, Payload(5, 0), Kind::kPiece, true),
                                          IMsg(2, 3, 1, {}, Kind::kAborted, true),
                                          IMsg(2, 4, 2, Payload(1, 9), Kind::kMessage, true)}));
}

// ---------------------------------------------------------------------------
// Limits (RFC 9260 section 6.2).

TEST(ReassemblyQueueTest, RefusesNewDataBeyondTheLimitAndKeepsWhatItAccepted) {
  Receiver rx(Options{.max_buffered_bytes = 100});
  EXPECT_EQ(rx.Data(2, 1, 1, "BE", Payload(40, 1)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(3, 1, 2, "BE", Payload(40, 2)), AddResult::kAccepted);
  EXPECT_EQ(rx.queue.buffered_bytes(), 80u);
  // Beyond the largest TSN received, with the window closed: refused, and
  // nothing changes.
  EXPECT_EQ(rx.Data(4, 1, 3, "BE", Payload(40, 3)), AddResult::kRefused);
  EXPECT_EQ(rx.queue.buffered_bytes(), 80u);
  // Below it, filling the gap that blocks delivery: taken.
  EXPECT_EQ(rx.Data(1, 1, 0, "BE", Payload(40, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.queue.buffered_bytes(), 120u);
  // Delivered but not read still counts.
  EXPECT_EQ(rx.Data(4, 1, 3, "BE", Payload(40, 3)), AddResult::kRefused);
  ASSERT_EQ(rx.Drain().size(), 3u);
  EXPECT_EQ(rx.queue.buffered_bytes(), 0u);
  // The peer retransmits it.
  EXPECT_EQ(rx.Data(4, 1, 3, "BE", Payload(40, 3)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{Msg(1, 3, 4, Payload(40, 3))}));
}

TEST(ReassemblyQueueTest, ExactlyFullIsNotOverTheLimit) {
  Receiver rx(Options{.max_buffered_bytes = 100});
  EXPECT_EQ(rx.Data(2, 1, 1, "BE", Payload(60, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(3, 1, 2, "BE", Payload(40, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(4, 1, 3, "BE", Payload(1, 0)), AddResult::kRefused);
}

TEST(ReassemblyQueueTest, AFullQueueHandsOutWhatItCanAsPieces) {
  // RFC 9260 section 6.9: out of buffer while waiting for fragments,
  // dispatch part of the inbound messages through partial delivery. Two
  // interleaved messages fill the buffer below the PDP; a fragment beyond a
  // gap is refused, and their runs are handed out to make room.
  Receiver rx(
      Options{.max_buffered_bytes = 100, .partial_delivery_point = 80, .use_interleaving = true});
  EXPECT_EQ(rx.IData(1, 1, 0, 0, "B", Payload(50, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.IData(2, 2, 0, 0, "B", Payload(50, 100)), AddResult::kAccepted);
  EXPECT_EQ(rx.IData(4, 1, 0, 2, "E", Payload(10, 60)), AddResult::kRefused);  // FSN 1 lost
  EXPECT_EQ(rx.queue.buffered_bytes(), 100u);
  EXPECT_EQ(rx.Drain(),
            (std::vector<ReceivedMessage>{IMsg(1, 0, 1, Payload(50, 0), Kind::kPiece),
                                          IMsg(2, 0, 2, Payload(50, 100), Kind::kPiece)}));
  EXPECT_EQ(rx.queue.buffered_bytes(), 0u);
  EXPECT_EQ(rx.IData(3, 1, 0, 1, "", Payload(10, 50)), AddResult::kAccepted);
  EXPECT_EQ(rx.IData(4, 1, 0, 2, "E", Payload(10, 60)), AddResult::kAccepted);
  EXPECT_EQ(rx.IData(5, 2, 0, 1, "E", Payload(10, 150)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(),
            (std::vector<ReceivedMessage>{IMsg(1, 0, 1, Payload(20, 50), Kind::kLastPiece),
                                          IMsg(2, 0, 2, Payload(10, 150), Kind::kLastPiece)}));
}

TEST(ReassemblyQueueTest, OverTheLimitAFragmentThatUnblocksIsTaken) {
  // Stream 1's SSN 0 is partially delivered; a complete unordered message
  // of stream 1 waits behind it (RFC 6458 section 8.1.20) and fills the
  // buffer. With everything delivered read, the next fragment of SSN 0 is
  // the only way forward: it is taken and handed out at once.
  Receiver rx(Options{.max_buffered_bytes = 100, .partial_delivery_point = 30});
  EXPECT_EQ(rx.Data(10, 1, 0, "B", Payload(40, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(),
            (std::vector<ReceivedMessage>{Msg(1, 0, 10, Payload(40, 0), Kind::kPiece)}));
  EXPECT_EQ(rx.Data(8, 1, 0, "UB", Payload(50, 0)), AddResult::kAccepted);  // late
  EXPECT_EQ(rx.Data(9, 1, 0, "UE", Payload(50, 50)), AddResult::kAccepted);
  EXPECT_TRUE(rx.Drain().empty());
  EXPECT_EQ(rx.queue.buffered_bytes(), 100u);
  EXPECT_EQ(rx.Data(11, 1, 0, "", Payload(5, 40)), AddResult::kAccepted);
  EXPECT_EQ(rx.queue.buffered_bytes(), 105u);
  EXPECT_EQ(rx.Drain(),
            (std::vector<ReceivedMessage>{Msg(1, 0, 10, Payload(5, 40), Kind::kPiece)}));
  // SSN 1 may not go before SSN 0 ends: refused.
  EXPECT_EQ(rx.Data(13, 1, 1, "BE", Payload(1, 0)), AddResult::kRefused);
  EXPECT_EQ(rx.Data(12, 1, 0, "E", Payload(5, 45)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(),
            (std::vector<ReceivedMessage>{Msg(1, 0, 10, Payload(5, 45), Kind::kLastPiece),
                                          Msg(1, 0, 8, Payload(100, 0), Kind::kMessage, true)}));
  EXPECT_EQ(rx.Data(13, 1, 1, "BE", Payload(1, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{Msg(1, 1, 13, Payload(1, 0))}));
  EXPECT_EQ(rx.queue.buffered_bytes(), 0u);
}

TEST(ReassemblyQueueTest, OverTheLimitWithUnreadMessagesNothingNewIsTaken) {
  // Reading frees space, so nothing beyond the largest TSN is taken while
  // delivered messages wait to be read: an upper layer that stops reading
  // stops the data (RFC 9260 section 6.2).
  Receiver rx(Options{.max_buffered_bytes = 10});
  EXPECT_EQ(rx.Data(1, 1, 0, "BE", Payload(10, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(2, 1, 1, "BE", Payload(1, 0)), AddResult::kRefused);
  EXPECT_EQ(rx.Data(2, 2, 0, "BE", Payload(1, 0)), AddResult::kRefused);
  EXPECT_EQ(rx.queue.buffered_bytes(), 10u);
  ASSERT_EQ(rx.Drain().size(), 1u);
  EXPECT_EQ(rx.Data(2, 1, 1, "BE", Payload(1, 0)), AddResult::kAccepted);
}

// ---------------------------------------------------------------------------
// RFC 6525 section 5.2.2 and RFC 8260 section 2.3.2: stream reset.

TEST(ReassemblyQueueTest, ResetStreamsStartsTheirSsnsAtZero) {
  Receiver rx;
  EXPECT_EQ(rx.Data(1, 1, 0, "BE", Payload(1, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(2, 1, 1, "BE", Payload(1, 1)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(3, 2, 0, "BE", Payload(1, 2)), AddResult::kAccepted);
  ASSERT_EQ(rx.Drain().size(), 3u);
  const std::vector<StreamId> one = {StreamId(1)};
  rx.queue.ResetStreams(one);
  EXPECT_EQ(rx.Data(4, 1, 0, "BE", Payload(1, 4)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(5, 2, 0, "BE", Payload(1, 5)), AddResult::kDuplicate);  // not reset
  EXPECT_EQ(rx.Data(6, 2, 1, "BE", Payload(1, 6)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{Msg(1, 0, 4, Payload(1, 4)),
                                                      Msg(2, 1, 6, Payload(1, 6))}));
  // E3: no stream listed resets all of them.
  rx.queue.ResetStreams({});
  EXPECT_EQ(rx.Data(7, 1, 0, "BE", Payload(1, 7)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(8, 2, 0, "BE", Payload(1, 8)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{Msg(1, 0, 7, Payload(1, 7)),
                                                      Msg(2, 0, 8, Payload(1, 8))}));
}

TEST(ReassemblyQueueTest, ResetDeliversCompleteMessagesAndDropsIncompleteOnes) {
  Receiver rx(Options{.partial_delivery_point = 4});
  EXPECT_EQ(rx.Data(2, 1, 1, "BE", Payload(2, 1)), AddResult::kAccepted);  // after a gap
  EXPECT_EQ(rx.Data(5, 1, 3, "B", Payload(2, 3)), AddResult::kAccepted);   // incomplete
  EXPECT_EQ(rx.Data(7, 2, 0, "B", Payload(5, 7)), AddResult::kAccepted);   // partial delivery
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{Msg(2, 0, 7, Payload(5, 7), Kind::kPiece)}));
  rx.queue.ResetStreams({});
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{Msg(1, 1, 2, Payload(2, 1)),
                                                      Msg(2, 0, 7, {}, Kind::kAborted)}));
  EXPECT_EQ(rx.queue.buffered_bytes(), 0u);
}

TEST(ReassemblyQueueTest, ResetStreamsResetsBothMidCounters) {
  // RFC 8260 section 2.3.2: the ordered and the unordered MID go back to 0.
  Receiver rx(Interleaving());
  EXPECT_EQ(rx.IData(1, 1, 0, 0, "BE", Payload(1, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.IData(2, 1, 0x90000000, 0, "UB", Payload(1, 0)), AddResult::kAccepted);
  ASSERT_EQ(rx.Drain().size(), 1u);
  const std::vector<StreamId> one = {StreamId(1)};
  rx.queue.ResetStreams(one);
  EXPECT_EQ(rx.queue.buffered_bytes(), 0u);  // the unordered fragment was dropped
  EXPECT_EQ(rx.IData(3, 1, 0, 0, "BE", Payload(1, 3)), AddResult::kAccepted);
  EXPECT_EQ(rx.IData(4, 1, 0, 0, "UB", Payload(1, 4)), AddResult::kAccepted);
  EXPECT_EQ(rx.IData(5, 1, 0, 1, "UE", Payload(1, 5)), AddResult::kAccepted);
  // The new unordered MID 0 is not taken as behind MID 0x90000000.
  rx.IForwardTsn(5, {ISkipped{.stream_id = StreamId(1), .unordered = true, .mid = Mid(0x10)}});
  EXPECT_EQ(rx.Drain(),
            (std::vector<ReceivedMessage>{IMsg(1, 0, 3, Payload(1, 3)),
                                          IMsg(1, 0, 4, Payload(2, 4), Kind::kMessage, true)}));
}

TEST(ReassemblyQueueTest, DeferredResetHoldsDataBeyondTheLastAssignedTsn) {
  // RFC 6525 section 5.2.2 E2-E4.
  Receiver rx;
  EXPECT_EQ(rx.Data(10, 1, 0, "BE", Payload(1, 10)), AddResult::kAccepted);
  ASSERT_EQ(rx.Drain().size(), 1u);
  const std::vector<StreamId> one = {StreamId(1)};
  // The peer reset stream 1 after TSN 12; TSNs 11 and 12 are missing.
  ASSERT_TRUE(rx.queue.DeferReset(rx.tsns.PeekUnwrap(Tsn(12)), one));
  EXPECT_FALSE(rx.queue.DeferReset(rx.tsns.PeekUnwrap(Tsn(13)), one));
  EXPECT_EQ(rx.Data(13, 1, 0, "BE", Payload(1, 13)), AddResult::kAccepted);  // new sequence
  EXPECT_EQ(rx.Data(14, 2, 0, "BE", Payload(1, 14)), AddResult::kAccepted);  // not reset
  EXPECT_EQ(rx.Data(15, 1, 1, "B", Payload(1, 15)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{Msg(2, 0, 14, Payload(1, 14))}));
  EXPECT_EQ(rx.queue.buffered_bytes(), 2u);  // held chunks count
  // A FORWARD-TSN beyond the last assigned TSN waits with them.
  rx.ForwardTsn(16, {Skipped{.stream_id = StreamId(1), .ssn = Ssn(1)}});
  EXPECT_EQ(rx.queue.buffered_bytes(), 2u);
  EXPECT_EQ(rx.Data(12, 1, 2, "BE", Payload(1, 12)), AddResult::kAccepted);  // old sequence
  EXPECT_EQ(rx.Data(11, 1, 1, "BE", Payload(1, 11)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{Msg(1, 1, 11, Payload(1, 11)),
                                                      Msg(1, 2, 12, Payload(1, 12))}));
  // The cumulative TSN reached 12: E3 and E4.
  rx.queue.ResetStreams(one);
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{Msg(1, 0, 13, Payload(1, 13))}));
  EXPECT_EQ(rx.queue.buffered_bytes(), 0u);  // SSN 1 was abandoned by the held FORWARD-TSN
  EXPECT_EQ(rx.Data(17, 1, 2, "BE", Payload(1, 17)), AddResult::kAccepted);
  EXPECT_EQ(rx.Drain(), (std::vector<ReceivedMessage>{Msg(1, 2, 17, Payload(1, 17))}));
  EXPECT_TRUE(rx.queue.DeferReset(rx.tsns.PeekUnwrap(Tsn(17)), one));
}

// ---------------------------------------------------------------------------
// ToString.

TEST(ReassemblyQueueTest, ToStringShowsTheState) {
  Receiver rx(Options{.max_buffered_bytes = 1000, .partial_delivery_point = 2});
  EXPECT_EQ(rx.queue.ToString(), "ReassemblyQueue DATA buffered=0/1000 ready=0 streams=[]");
  EXPECT_EQ(rx.Data(10, 1, 0, "B", Payload(3, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(12, 1, 2, "BE", Payload(1, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(20, 2, 0, "UB", Payload(1, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.Data(22, 2, 0, "U", Payload(1, 0)), AddResult::kAccepted);
  EXPECT_EQ(rx.queue.ToString(),
            "ReassemblyQueue DATA buffered=6/1000 ready=1 "
            "streams=[1:next=0,o=2,u=0,l=0,pd=o0,2:next=0,o=0,u=1,l=1]");
  const std::optional<ReceivedMessage> piece = rx.queue.PopMessage();
  ASSERT_TRUE(piece.has_value());
  EXPECT_EQ(piece->ToString(), "PIECE sid=1 ssn=0 ppid=51 tsn=10 len=3");
  EXPECT_EQ(Msg(2, 7, 3, Payload(4, 0), Kind::kMessage, true).ToString(),
            "U-MSG sid=2 ssn=7 ppid=51 tsn=3 len=4");
  EXPECT_EQ(IMsg(2, 70000, 3, {}, Kind::kAborted).ToString(true),
            "ABORTED sid=2 mid=70000 ppid=51 tsn=3 len=0");
  EXPECT_EQ(IMsg(2, 1, 3, {}, Kind::kLastPiece).ToString(true),
            "LAST sid=2 mid=1 ppid=51 tsn=3 len=0");
  Receiver irx(Interleaving());
  const std::vector<StreamId> none;
  ASSERT_TRUE(irx.queue.DeferReset(irx.tsns.Unwrap(Tsn(5)), none));
  EXPECT_EQ(irx.IData(6, 3, 0, 0, "BE", Payload(1, 0)), AddResult::kAccepted);
  EXPECT_EQ(irx.queue.ToString(),
            "ReassemblyQueue I-DATA buffered=1/1048576 ready=0 deferred=1 streams=[]");
}

// ---------------------------------------------------------------------------
// Randomized: random messages on random streams, fragmented, shuffled
// within a window, delivered exactly once with exact bytes, in order per
// stream when ordered, partial deliveries never interrupted on their stream.

struct SentChunk {
  uint32_t tsn = 0;
  uint16_t sid = 0;
  DataFlags flags{};
  uint32_t message_id = 0;  // SSN or MID
  uint32_t fsn = 0;
  Bytes payload;
};

struct SentMessage {
  uint16_t sid = 0;
  bool unordered = false;
  uint32_t message_id = 0;
  Bytes payload;
};

struct Scenario {
  bool interleaving = false;
  int messages = 300;
  int streams = 4;
  size_t max_message = 3000;
  size_t max_fragment = 500;
  size_t window = 16;  // shuffle distance
  size_t partial_delivery_point = 1 << 20;
  size_t max_buffered_bytes = 1 << 30;
};

class Sender {
 public:
  explicit Sender(uint32_t seed) : rng_(seed) {}

  uint32_t Next(uint32_t bound) { return static_cast<uint32_t>(rng_() % bound); }

  // Returns the chunks in transmission order; `messages` keyed by first TSN.
  std::vector<SentChunk> Send(const Scenario& scenario, std::map<uint32_t, SentMessage>& messages) {
    // Per stream, the messages not yet sent, in submission order.
    std::vector<std::vector<SentMessage>> pending(scenario.streams);
    std::vector<uint32_t> ordered_id(scenario.streams, 0), unordered_id(scenario.streams, 0);
    for (int i = 0; i < scenario.messages; ++i) {
      const uint16_t sid = static_cast<uint16_t>(Next(scenario.streams));
      const bool unordered = Next(3) == 0;
      SentMessage message{.sid = sid, .unordered = unordered, .message_id = 0, .payload = {}};
      // RFC 9260 section 6.5: SSNs count ordered messages only; RFC 8260:
      // one MID counter each for ordered and unordered messages.
      if (!unordered) {
        message.message_id = ordered_id[sid]++;
      } else {
        message.message_id = scenario.interleaving ? unordered_id[sid]++ : Next(65536);
      }
      message.payload.resize(1 + Next(static_cast<uint32_t>(scenario.max_message)));
      uint32_t state = static_cast<uint32_t>(rng_()) | 1;  // xorshift32: cheap bytes
      for (uint8_t& byte : message.payload) {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        byte = static_cast<uint8_t>(state);
      }
      pending[sid].push_back(std::move(message));
    }
    std::vector<SentChunk> chunks;
    std::vector<size_t> next_message(scenario.streams, 0), offset(scenario.streams, 0);
    std::vector<uint32_t> fsn(scenario.streams, 0), first_tsn(scenario.streams, 0);
    uint32_t tsn = 0xfffffff0;  // crosses the TSN wrap
    int active = -1;
    for (;;) {
      // DATA: one message at a time, its fragments on consecutive TSNs
      // (RFC 9260 section 6.9). I-DATA: any stream's next fragment, one
      // message per stream at a time (RFC 8260 section 2.2.2).
      std::vector<int> ready;
      for (int s = 0; s < scenario.streams; ++s) {
        if (next_message[s] < pending[s].size()) ready.push_back(s);
      }
      if (ready.empty()) break;
      const int s = active >= 0 ? active : ready[Next(static_cast<uint32_t>(ready.size()))];
      const SentMessage& message = pending[s][next_message[s]];
      const size_t size = std::min(message.payload.size() - offset[s],
                                   1 + size_t{Next(static_cast<uint32_t>(scenario.max_fragment))});
      SentChunk chunk{
          .tsn = tsn,
          .sid = static_cast<uint16_t>(s),
          .flags = DataFlags{.unordered = message.unordered,
                             .beginning = offset[s] == 0,
                             .end = offset[s] + size == message.payload.size()},
          .message_id = message.message_id,
          .fsn = fsn[s]++,
          .payload = Bytes(message.payload.begin() + static_cast<ptrdiff_t>(offset[s]),
                           message.payload.begin() + static_cast<ptrdiff_t>(offset[s] + size))};
      if (chunk.flags.beginning) first_tsn[s] = tsn;
      offset[s] += size;
      ++tsn;
      if (chunk.flags.end) {
        messages[first_tsn[s]] = message;
        ++next_message[s];
        offset[s] = 0;
        fsn[s] = 0;
        active = -1;
      } else {
        active = scenario.interleaving ? (Next(2) == 0 ? -1 : s) : s;
      }
      chunks.push_back(std::move(chunk));
    }
    return chunks;
  }

  // Moves each chunk up to `window` - 1 places later, at random.
  void Shuffle(std::vector<SentChunk>& chunks, size_t window) {
    for (size_t i = 0; i < chunks.size(); ++i) {
      const size_t span = std::min(window, chunks.size() - i);
      std::swap(chunks[i], chunks[i + Next(static_cast<uint32_t>(span))]);
    }
  }

 private:
  std::mt19937 rng_;
};

void RunScenario(const Scenario& scenario, uint32_t seed) {
  SCOPED_TRACE(::testing::Message() << "seed " << seed);
  Sender sender(seed);
  std::map<uint32_t, SentMessage> sent;
  std::vector<SentChunk> chunks = sender.Send(scenario, sent);
  sender.Shuffle(chunks, scenario.window);

  Receiver rx(Options{.max_buffered_bytes = scenario.max_buffered_bytes,
                      .partial_delivery_point = scenario.partial_delivery_point,
                      .use_interleaving = scenario.interleaving});
  const bool limited = scenario.max_buffered_bytes < (size_t{1} << 30);

  std::map<uint32_t, Bytes> received;   // by first TSN, whole messages
  std::map<uint32_t, Bytes> in_pieces;  // partial deliveries under way
  std::vector<std::optional<uint32_t>> stream_busy(scenario.streams);  // first TSN in pieces
  std::vector<uint32_t> next_ordered(scenario.streams, 0);
  auto check_output = [&] {
    while (std::optional<ReceivedMessage> message = rx.queue.PopMessage()) {
      const uint16_t sid = message->stream_id.value();
      ASSERT_LT(sid, scenario.streams);
      const uint32_t first = message->first_tsn.value();
      ASSERT_TRUE(sent.contains(first)) << message->ToString();
      const SentMessage& expected = sent.at(first);
      EXPECT_EQ(expected.sid, sid);
      EXPECT_EQ(expected.unordered, message->unordered);
      EXPECT_EQ(message->ppid, Ppid(kPpid));
      if (!expected.unordered || scenario.interleaving) {
        EXPECT_EQ(scenario.interleaving ? message->mid.value() : message->ssn.value(),
                  expected.message_id);
      }
      ASSERT_NE(message->kind, Kind::kAborted);
      // RFC 6458 section 8.1.20: nothing else of a stream while one of
      // its messages is partially delivered.
      if (stream_busy[sid]) {
        ASSERT_EQ(*stream_busy[sid], first) << "stream " << sid << " interrupted";
      }
      const bool first_part = !in_pieces.contains(first);
      if (first_part && !expected.unordered) {
        // RFC 9260 section 6.6: ordered messages in SSN/MID order.
        EXPECT_EQ(expected.message_id, next_ordered[sid]);
        ++next_ordered[sid];
      }
      Bytes& bytes = in_pieces[first];
      if (!limited && message->kind == Kind::kPiece) {
        EXPECT_GT(message->payload.size(), scenario.partial_delivery_point);
      }
      bytes.insert(bytes.end(), message->payload.begin(), message->payload.end());
      if (message->kind == Kind::kPiece) {
        stream_busy[sid] = first;
      } else {
        EXPECT_EQ(message->kind == Kind::kLastPiece, stream_busy[sid].has_value());
        stream_busy[sid].reset();
        ASSERT_FALSE(received.contains(first)) << "delivered twice: " << message->ToString();
        received[first] = std::move(bytes);
        in_pieces.erase(first);
      }
    }
  };

  // The peer retransmits what was refused; the application reads after
  // every chunk.
  // After a refusal the peer's retransmission timer fires and it resends
  // its lowest outstanding TSN first (RFC 9260 section 6.3.3 E3): that one
  // the queue must take, or the association would stall.
  // The network has `window` chunks in flight; the rest wait, in order.
  std::deque<SentChunk> waiting(std::make_move_iterator(chunks.begin()),
                                std::make_move_iterator(chunks.end()));
  std::vector<SentChunk> in_flight;
  size_t refusals = 0;
  bool retransmit = false;
  for (;;) {
    while (in_flight.size() < scenario.window && !waiting.empty()) {
      in_flight.push_back(std::move(waiting.front()));
      waiting.pop_front();
    }
    if (in_flight.empty()) break;
    size_t pick = sender.Next(static_cast<uint32_t>(in_flight.size()));
    if (retransmit) {
      // TSNs start at 0xfffffff0; serial order is the distance from there.
      auto earlier = [](const SentChunk& a, const SentChunk& b) {
        return a.tsn - 0xfffffff0u < b.tsn - 0xfffffff0u;
      };
      auto lowest = std::min_element(in_flight.begin(), in_flight.end(), earlier);
      auto lowest_waiting = std::min_element(waiting.begin(), waiting.end(), earlier);
      if (lowest_waiting != waiting.end() && earlier(*lowest_waiting, *lowest)) {
        std::swap(*lowest, *lowest_waiting);  // it overtakes the one in flight
      }
      pick = static_cast<size_t>(lowest - in_flight.begin());
    }
    const SentChunk& chunk = in_flight[pick];
    AddResult result;
    if (scenario.interleaving) {
      const IDataChunk wire{.flags = chunk.flags,
                            .tsn = Tsn(chunk.tsn),
                            .stream_id = StreamId(chunk.sid),
                            .mid = Mid(chunk.message_id),
                            .ppid = chunk.flags.beginning ? Ppid(kPpid) : Ppid(0),
                            .fsn = chunk.flags.beginning ? Fsn(0) : Fsn(chunk.fsn),
                            .payload = chunk.payload};
      result = rx.queue.Add(rx.tsns.Unwrap(Tsn(chunk.tsn)), wire);
    } else {
      const DataChunk wire{.flags = chunk.flags,
                           .tsn = Tsn(chunk.tsn),
                           .stream_id = StreamId(chunk.sid),
                           .ssn = Ssn(static_cast<uint16_t>(chunk.message_id)),
                           .ppid = Ppid(kPpid),
                           .payload = chunk.payload};
      result = rx.queue.Add(rx.tsns.Unwrap(Tsn(chunk.tsn)), wire);
    }
    if (result == AddResult::kRefused) {
      ASSERT_TRUE(limited);
      ASSERT_FALSE(retransmit) << "lowest TSN " << chunk.tsn << " refused: " << rx.queue.ToString();
      ++refusals;
      retransmit = true;
    } else {
      retransmit = false;
      ASSERT_EQ(result, AddResult::kAccepted) << rx.queue.ToString();
      in_flight.erase(in_flight.begin() + static_cast<ptrdiff_t>(pick));
    }
    check_output();
    if (::testing::Test::HasFatalFailure()) return;
  }
  EXPECT_TRUE(in_pieces.empty());
  EXPECT_EQ(rx.queue.buffered_bytes(), 0u) << rx.queue.ToString();
  if (limited) {
    EXPECT_GT(refusals, 0u);  // the limit was reached
  }
  ASSERT_EQ(received.size(), sent.size());
  for (const auto& [first, message] : sent) {
    ASSERT_TRUE(received.contains(first));
    EXPECT_EQ(received.at(first), message.payload) << "message at TSN " << first;
  }
}

TEST(ReassemblyQueueRandomTest, DataShuffled) {
  for (uint32_t seed = 1; seed <= 20; ++seed) RunScenario(Scenario{}, seed);
}

TEST(ReassemblyQueueRandomTest, IDataInterleavedShuffled) {
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    RunScenario(Scenario{.interleaving = true, .streams = 6}, seed);
  }
}

TEST(ReassemblyQueueRandomTest, DataWithPartialDelivery) {
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    RunScenario(Scenario{.max_message = 8000, .partial_delivery_point = 1500}, seed);
  }
}

TEST(ReassemblyQueueRandomTest, IDataWithPartialDelivery) {
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    RunScenario(Scenario{.interleaving = true, .max_message = 8000, .partial_delivery_point = 1500},
                seed);
  }
}

TEST(ReassemblyQueueRandomTest, DataWithALimitedBuffer) {
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    RunScenario(Scenario{.max_message = 6000,
                         .window = 32,
                         .partial_delivery_point = 2000,
                         .max_buffered_bytes = 4000},
                seed);
  }
}

TEST(ReassemblyQueueRandomTest, IDataWithALimitedBuffer) {
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    RunScenario(Scenario{.interleaving = true,
                         .streams = 6,
                         .max_message = 6000,
                         .window = 32,
                         .partial_delivery_point = 2000,
                         .max_buffered_bytes = 4000},
                seed);
  }
}

}  // namespace
}  // namespace sctpdp
