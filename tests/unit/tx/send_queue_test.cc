#include "dataplane/sctp/tx/send_queue.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <map>
#include <new>
#include <string>
#include <vector>

#include "dataplane/sctp/common/types.h"

// Counts heap allocations, to check that Produce makes none. Not inlined,
// so that GCC does not see free() meet a pointer from operator new
// (-Wmismatched-new-delete).
namespace {
std::atomic<uint64_t> g_allocations{0};
}  // namespace

[[gnu::noinline]] void* operator new(size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, size_t) noexcept { std::free(p); }

namespace sctpdp {
namespace {

using std::chrono::seconds;
using testing::ElementsAre;
using testing::IsEmpty;
using AddResult = SendQueue::AddResult;

const TimePoint kNow = TimePoint(seconds(1000));

// A payload whose bytes depend on their position and on `seed`, so that a
// misplaced or foreign byte shows.
std::vector<uint8_t> Payload(size_t size, uint8_t seed = 0) {
  std::vector<uint8_t> payload(size);
  for (size_t i = 0; i < size; ++i) payload[i] = static_cast<uint8_t>((i * 7 + seed) % 251);
  return payload;
}

OutgoingMessage Message(uint16_t stream, size_t size, uint8_t seed = 0) {
  return OutgoingMessage{
      .stream_id = StreamId(stream), .ppid = Ppid(1000 + stream), .payload = Payload(size, seed)};
}

OutgoingMessage Unordered(uint16_t stream, size_t size) {
  OutgoingMessage message = Message(stream, size);
  message.unordered = true;
  return message;
}

SendQueue::Options Interleaving() { return SendQueue::Options{.use_interleaving = true}; }

std::vector<OutgoingFragment> Drain(SendQueue& queue, size_t max_payload, TimePoint now = kNow) {
  std::vector<OutgoingFragment> fragments;
  while (auto fragment = queue.Produce(now, max_payload)) fragments.push_back(*fragment);
  return fragments;
}

// "sid/ssn" (DATA) as in RFC 8260 figure 1.
std::vector<std::string> SidSsn(const std::vector<OutgoingFragment>& fragments) {
  std::vector<std::string> out;
  for (const auto& f : fragments)
    out.push_back(fmt::format("{}/{}", f.stream_id.value(), f.ssn.value()));
  return out;
}

// "sid/mid/fsn" (I-DATA) as in RFC 8260 figure 2.
std::vector<std::string> SidMidFsn(const std::vector<OutgoingFragment>& fragments) {
  std::vector<std::string> out;
  for (const auto& f : fragments) {
    out.push_back(fmt::format("{}/{}/{}", f.stream_id.value(), f.mid.value(), f.fsn.value()));
  }
  return out;
}

std::vector<size_t> Lengths(const std::vector<OutgoingFragment>& fragments) {
  std::vector<size_t> out;
  for (const auto& f : fragments) out.push_back(f.length);
  return out;
}

std::vector<uint16_t> Streams(const std::vector<OutgoingFragment>& fragments) {
  std::vector<uint16_t> out;
  for (const auto& f : fragments) out.push_back(f.stream_id.value());
  return out;
}

// --- Add ---

TEST(SendQueueTest, AddRejectsStreamsAtOrAboveTheCount) {
  SendQueue queue({}, 4);
  EXPECT_EQ(queue.Add(Message(4, 10)), AddResult::kInvalidStream);
  EXPECT_EQ(queue.Add(Message(65535, 10)), AddResult::kInvalidStream);
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(queue.Add(Message(3, 10)), AddResult::kOk);
  EXPECT_EQ(queue.buffered_bytes(), 10u);

  SendQueue none({}, 0);
  EXPECT_EQ(none.Add(Message(0, 10)), AddResult::kInvalidStream);
}

TEST(SendQueueTest, AddRejectsEmptyPayload) {
  // RFC 9260 section 6.2: no DATA chunk without user data.
  SendQueue queue({}, 1);
  EXPECT_EQ(queue.Add(Message(0, 0)), AddResult::kEmpty);
  EXPECT_TRUE(queue.empty());
  EXPECT_FALSE(queue.Produce(kNow, 1000).has_value());
}

TEST(SendQueueTest, InvalidStreamIsReportedBeforeEmpty) {
  SendQueue queue({}, 1);
  EXPECT_EQ(queue.Add(Message(1, 0)), AddResult::kInvalidStream);
}

TEST(SendQueueTest, AddFillsUpToTheLimitExactly) {
  SendQueue queue({.max_buffered_bytes = 1000}, 2);
  EXPECT_EQ(queue.Add(Message(0, 600)), AddResult::kOk);
  EXPECT_EQ(queue.Add(Message(1, 401)), AddResult::kFull);
  EXPECT_EQ(queue.Add(Message(1, 400)), AddResult::kOk);
  EXPECT_EQ(queue.buffered_bytes(), 1000u);
  EXPECT_EQ(queue.Add(Message(1, 1)), AddResult::kFull);
  EXPECT_EQ(queue.buffered_bytes(), 1000u);

  // Produced bytes leave the count, making room.
  ASSERT_TRUE(queue.Produce(kNow, 100).has_value());
  EXPECT_EQ(queue.buffered_bytes(), 900u);
  EXPECT_EQ(queue.Add(Message(1, 101)), AddResult::kFull);
  EXPECT_EQ(queue.Add(Message(1, 100)), AddResult::kOk);
  EXPECT_EQ(queue.buffered_bytes(), 1000u);
}

TEST(SendQueueTest, EmptyQueueTakesOneMessageLargerThanTheLimit) {
  SendQueue queue({.max_buffered_bytes = 100}, 1);
  EXPECT_EQ(queue.Add(Message(0, 500)), AddResult::kOk);
  EXPECT_EQ(queue.buffered_bytes(), 500u);
  // Over the limit now: nothing else, not even after part of it left.
  EXPECT_EQ(queue.Add(Message(0, 1)), AddResult::kFull);
  ASSERT_TRUE(queue.Produce(kNow, 450).has_value());
  EXPECT_EQ(queue.buffered_bytes(), 50u);
  EXPECT_EQ(queue.Add(Message(0, 51)), AddResult::kFull);
  EXPECT_EQ(queue.Add(Message(0, 50)), AddResult::kOk);
}

TEST(SendQueueTest, SerialsFollowAddOrderAcrossStreamsAndSkipRefusals) {
  SendQueue queue({}, 3);
  ASSERT_EQ(queue.Add(Message(2, 10)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(0, 10)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(3, 10)), AddResult::kInvalidStream);
  ASSERT_EQ(queue.Add(Message(1, 0)), AddResult::kEmpty);
  ASSERT_EQ(queue.Add(Message(1, 10)), AddResult::kOk);
  std::map<uint16_t, uint64_t> serials;
  for (const auto& f : Drain(queue, 100)) serials[f.stream_id.value()] = f.body->serial;
  EXPECT_EQ(serials[2], 1u);
  EXPECT_EQ(serials[0], 2u);
  EXPECT_EQ(serials[1], 3u);
}

// --- Fragmentation (RFC 9260 section 6.9) ---

TEST(SendQueueTest, FragmentsFillMaxPayloadWithBeginningAndEndBits) {
  SendQueue queue({}, 1);
  ASSERT_EQ(queue.Add(Message(0, 2500)), AddResult::kOk);
  const auto fragments = Drain(queue, 1000);
  ASSERT_EQ(fragments.size(), 3u);
  EXPECT_THAT(Lengths(fragments), ElementsAre(1000, 1000, 500));
  // Step 3: B/E = 10, 00, 01.
  EXPECT_TRUE(fragments[0].beginning);
  EXPECT_FALSE(fragments[0].end);
  EXPECT_FALSE(fragments[1].beginning);
  EXPECT_FALSE(fragments[1].end);
  EXPECT_FALSE(fragments[2].beginning);
  EXPECT_TRUE(fragments[2].end);
  EXPECT_EQ(fragments[0].offset, 0u);
  EXPECT_EQ(fragments[1].offset, 1000u);
  EXPECT_EQ(fragments[2].offset, 2000u);
  EXPECT_TRUE(queue.empty());
}

TEST(SendQueueTest, MessageOfExactlyMaxPayloadIsOneChunk) {
  SendQueue queue({}, 1);
  ASSERT_EQ(queue.Add(Message(0, 1000)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(0, 2000)), AddResult::kOk);
  const auto fragments = Drain(queue, 1000);
  ASSERT_EQ(fragments.size(), 3u);
  EXPECT_TRUE(fragments[0].beginning && fragments[0].end);
  EXPECT_TRUE(fragments[1].beginning && !fragments[1].end);
  EXPECT_TRUE(!fragments[2].beginning && fragments[2].end);
  EXPECT_THAT(Lengths(fragments), ElementsAre(1000, 1000, 1000));
}

TEST(SendQueueTest, EachFragmentTakesTheSpaceOfferedThen) {
  // The space left in a packet varies; fragments follow it and stay
  // contiguous.
  SendQueue queue({}, 1);
  ASSERT_EQ(queue.Add(Message(0, 1000)), AddResult::kOk);
  auto a = queue.Produce(kNow, 600);
  auto b = queue.Produce(kNow, 100);
  auto c = queue.Produce(kNow, 1000);
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->offset, 0u);
  EXPECT_EQ(a->length, 600u);
  EXPECT_EQ(b->offset, 600u);
  EXPECT_EQ(b->length, 100u);
  EXPECT_EQ(c->offset, 700u);
  EXPECT_EQ(c->length, 300u);
  EXPECT_TRUE(c->end);
  EXPECT_FALSE(queue.Produce(kNow, 1000).has_value());
}

TEST(SendQueueTest, FragmentsShareOneBodyAndCarryTheMessageFields) {
  SendQueue queue({}, 2);
  OutgoingMessage message = Message(1, 300, 9);
  message.context = 77;
  ASSERT_EQ(queue.Add(message), AddResult::kOk);
  const auto fragments = Drain(queue, 100);
  ASSERT_EQ(fragments.size(), 3u);
  for (const auto& f : fragments) {
    EXPECT_EQ(f.body.get(), fragments[0].body.get());
    EXPECT_EQ(f.stream_id, StreamId(1));
    EXPECT_EQ(f.ppid, Ppid(1001));  // DATA carries the PPID in every chunk
    EXPECT_FALSE(f.unordered);
  }
  EXPECT_EQ(fragments[0].body->message.context, 77u);
  EXPECT_EQ(fragments[0].body->message.payload, message.payload);
  EXPECT_EQ(fragments[0].body.use_count(), 3);  // the queue kept no reference
}

TEST(SendQueueTest, FragmentPayloadsReassembleToTheMessages) {
  for (bool interleaving : {false, true}) {
    SCOPED_TRACE(interleaving ? "I-DATA" : "DATA");
    SendQueue queue({.use_interleaving = interleaving}, 3);
    std::map<uint64_t, std::vector<uint8_t>> originals;
    const size_t sizes[] = {1, 999, 1000, 1001, 4321, 77};
    uint64_t serial = 1;
    for (size_t i = 0; i < std::size(sizes); ++i) {
      OutgoingMessage message = Message(static_cast<uint16_t>(i % 3), sizes[i], uint8_t(i));
      originals[serial++] = message.payload;
      ASSERT_EQ(queue.Add(std::move(message)), AddResult::kOk);
    }
    std::map<uint64_t, std::vector<uint8_t>> rebuilt;
    std::map<uint64_t, bool> ended;
    for (const auto& f : Drain(queue, 1000)) {
      auto& bytes = rebuilt[f.body->serial];
      EXPECT_EQ(f.beginning, bytes.empty());
      EXPECT_FALSE(ended[f.body->serial]);
      EXPECT_EQ(f.offset, bytes.size());
      bytes.insert(bytes.end(), f.payload().begin(), f.payload().end());
      ended[f.body->serial] = f.end;
    }
    EXPECT_EQ(rebuilt, originals);
    for (const auto& [s, e] : ended) EXPECT_TRUE(e) << s;
  }
}

// --- SSN (RFC 9260 sections 6.5, 6.6) ---

TEST(SendQueueTest, OrderedMessagesTakeTheStreamsNextSsn) {
  SendQueue queue({}, 2);
  ASSERT_EQ(queue.Add(Message(0, 10)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(0, 2500)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(1, 10)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(0, 10)), AddResult::kOk);
  // Each stream counts from 0; fragments of one message share the SSN
  // (section 6.9 step 2).
  EXPECT_THAT(SidSsn(Drain(queue, 1000)), ElementsAre("0/0", "1/0", "0/1", "0/1", "0/1", "0/2"));
}

TEST(SendQueueTest, UnorderedMessagesLeaveTheSsnUnchanged) {
  SendQueue queue({}, 1);
  ASSERT_EQ(queue.Add(Message(0, 10)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Unordered(0, 1500)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(0, 10)), AddResult::kOk);
  const auto fragments = Drain(queue, 1000);
  ASSERT_EQ(fragments.size(), 4u);
  EXPECT_FALSE(fragments[0].unordered);
  EXPECT_EQ(fragments[0].ssn, Ssn(0));
  // Section 6.9 step 2: the U flag on every fragment of the message.
  EXPECT_TRUE(fragments[1].unordered);
  EXPECT_TRUE(fragments[2].unordered);
  EXPECT_EQ(fragments[1].ssn, Ssn(0));
  EXPECT_EQ(fragments[2].ssn, Ssn(0));
  EXPECT_FALSE(fragments[3].unordered);
  EXPECT_EQ(fragments[3].ssn, Ssn(1));
}

TEST(SendQueueTest, SsnWrapsFrom65535ToZero) {
  SendQueue queue({}, 2);
  uint32_t expected = 0;
  for (int i = 0; i < 65537; ++i) {
    ASSERT_EQ(queue.Add(Message(0, 1)), AddResult::kOk);
    auto f = queue.Produce(kNow, 1000);
    ASSERT_TRUE(f.has_value());
    ASSERT_EQ(f->ssn, Ssn(static_cast<uint16_t>(expected))) << i;
    expected = (expected + 1) % 65536;
  }
  EXPECT_EQ(expected, 1u);  // 65535 was followed by 0 and then 1
  // The other stream is unaffected.
  ASSERT_EQ(queue.Add(Message(1, 1)), AddResult::kOk);
  EXPECT_EQ(queue.Produce(kNow, 1000)->ssn, Ssn(0));
}

TEST(SendQueueTest, DataFillsFsnAndLeavesMidZero) {
  SendQueue queue({}, 1);
  ASSERT_EQ(queue.Add(Message(0, 10)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(0, 250)), AddResult::kOk);
  const auto fragments = Drain(queue, 100);
  ASSERT_EQ(fragments.size(), 4u);
  EXPECT_EQ(fragments[0].fsn, Fsn(0));
  EXPECT_EQ(fragments[1].fsn, Fsn(0));
  EXPECT_EQ(fragments[2].fsn, Fsn(1));
  EXPECT_EQ(fragments[3].fsn, Fsn(2));
  for (const auto& f : fragments) EXPECT_EQ(f.mid, Mid(0));
}

// --- MID and FSN (RFC 8260 section 2.1) ---

TEST(SendQueueTest, IDataOrderedAndUnorderedMidsCountSeparately) {
  SendQueue queue(Interleaving(), 2);
  ASSERT_EQ(queue.Add(Message(0, 10)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Unordered(0, 10)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(0, 10)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Unordered(0, 10)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(0, 10)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Unordered(1, 10)), AddResult::kOk);
  const auto fragments = Drain(queue, 1000);
  ASSERT_EQ(fragments.size(), 6u);
  std::vector<std::string> seen;
  for (const auto& f : fragments) {
    seen.push_back(
        fmt::format("{}{}/{}", f.unordered ? "u" : "o", f.stream_id.value(), f.mid.value()));
    EXPECT_EQ(f.ssn, Ssn(0));  // I-DATA has no SSN
  }
  // Each counter of each stream starts at 0 and counts its own messages.
  EXPECT_THAT(seen, ElementsAre("o0/0", "u1/0", "u0/0", "o0/1", "u0/1", "o0/2"));
}

TEST(SendQueueTest, IDataFsnCountsFragmentsFromZeroAndPpidIsKept) {
  SendQueue queue(Interleaving(), 1);
  ASSERT_EQ(queue.Add(Message(0, 350)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(0, 50)), AddResult::kOk);
  const auto fragments = Drain(queue, 100);
  EXPECT_THAT(SidMidFsn(fragments), ElementsAre("0/0/0", "0/0/1", "0/0/2", "0/0/3", "0/1/0"));
  // The first fragment carries the PPID in place of FSN 0; the field is
  // filled everywhere and the serializer picks.
  for (const auto& f : fragments) EXPECT_EQ(f.ppid, Ppid(1000));
  EXPECT_THAT(Lengths(fragments), ElementsAre(100, 100, 100, 50, 50));
}

// --- Scheduling (RFC 8260 section 1.1 figures 1 and 2) ---

// SID 0 and SID 2 hold one message of three chunks each, SID 1 three
// messages of one chunk.
void AddFigureMessages(SendQueue& queue) {
  ASSERT_EQ(queue.Add(Message(0, 300)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(1, 100)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(1, 100)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(1, 100)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(2, 300)), AddResult::kOk);
}

TEST(SendQueueTest, RoundRobinWithoutInterleavingMatchesRfc8260Figure1) {
  SendQueue queue({}, 3);
  AddFigureMessages(queue);
  // TSN 0 to 8 in figure 1.
  EXPECT_THAT(SidSsn(Drain(queue, 100)),
              ElementsAre("0/0", "0/0", "0/0", "1/0", "2/0", "2/0", "2/0", "1/1", "1/2"));
}

TEST(SendQueueTest, RoundRobinWithInterleavingMatchesRfc8260Figure2) {
  SendQueue queue(Interleaving(), 3);
  AddFigureMessages(queue);
  EXPECT_THAT(SidMidFsn(Drain(queue, 100)), ElementsAre("0/0/0", "1/0/0", "2/0/0", "0/0/1", "1/1/0",
                                                        "2/0/1", "0/0/2", "1/2/0", "2/0/2"));
}

TEST(SendQueueTest, DataNeverInterleavesAStartedMessage) {
  // Section 6.9 step 2: the fragments of a message take consecutive TSNs,
  // so nothing else may come between them, even a stream whose turn it is.
  SendQueue queue({}, 3);
  ASSERT_EQ(queue.Add(Message(0, 500)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(0, 100)), AddResult::kOk);
  ASSERT_TRUE(queue.Produce(kNow, 100).has_value());
  ASSERT_TRUE(queue.Produce(kNow, 100).has_value());
  ASSERT_EQ(queue.Add(Message(1, 100)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(2, 100)), AddResult::kOk);
  const auto rest = Drain(queue, 100);
  EXPECT_THAT(Streams(rest), ElementsAre(0, 0, 0, 1, 2, 0));
  EXPECT_TRUE(rest[2].end);
}

TEST(SendQueueTest, IDataLetsASmallMessagePassALargeOne) {
  SendQueue queue(Interleaving(), 2);
  ASSERT_EQ(queue.Add(Message(0, 10000)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(1, 50)), AddResult::kOk);
  const auto fragments = Drain(queue, 1000);
  ASSERT_EQ(fragments.size(), 11u);
  EXPECT_EQ(fragments[1].stream_id, StreamId(1));
  EXPECT_TRUE(fragments[1].beginning && fragments[1].end);
}

TEST(SendQueueTest, IDataDoesNotInterleaveMessagesOfOneStream) {
  // RFC 8260 section 2: no interleaving of messages sent on the same stream.
  SendQueue queue(Interleaving(), 1);
  ASSERT_EQ(queue.Add(Message(0, 300)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Unordered(0, 300)), AddResult::kOk);
  const auto fragments = Drain(queue, 100);
  ASSERT_EQ(fragments.size(), 6u);
  for (size_t i = 0; i < 3; ++i) EXPECT_FALSE(fragments[i].unordered) << i;
  for (size_t i = 3; i < 6; ++i) EXPECT_TRUE(fragments[i].unordered) << i;
}

TEST(SendQueueTest, StreamsTakeTurnsOneMessageEach) {
  for (bool interleaving : {false, true}) {
    SCOPED_TRACE(interleaving ? "I-DATA" : "DATA");
    SendQueue queue({.use_interleaving = interleaving}, 8);
    // Uneven backlogs: 10, 3 and 6 messages of two fragments each.
    const std::pair<uint16_t, int> backlog[] = {{5, 10}, {2, 3}, {7, 6}};
    for (const auto& [stream, count] : backlog) {
      for (int i = 0; i < count; ++i) ASSERT_EQ(queue.Add(Message(stream, 200)), AddResult::kOk);
    }
    const auto fragments = Drain(queue, 100);
    ASSERT_EQ(fragments.size(), 38u);
    // Message starts, in order: every active stream once per round.
    std::vector<uint16_t> starts;
    for (const auto& f : fragments) {
      if (f.beginning) starts.push_back(f.stream_id.value());
    }
    EXPECT_THAT(starts, ElementsAre(5, 2, 7, 5, 2, 7, 5, 2, 7, 5, 7, 5, 7, 5, 7, 5, 5, 5, 5));
    const std::vector<uint16_t> streams = Streams(fragments);
    const std::vector<uint16_t> head(streams.begin(), streams.begin() + 6);
    if (interleaving) {
      // A fragment each: 5, 2, 7, 5, 2, 7, ...
      EXPECT_THAT(head, ElementsAre(5, 2, 7, 5, 2, 7));
    } else {
      // A message each.
      EXPECT_THAT(head, ElementsAre(5, 5, 2, 2, 7, 7));
    }
  }
}

TEST(SendQueueTest, ANewlyActiveStreamJoinsTheEndOfTheRound) {
  SendQueue queue({}, 10);
  for (uint16_t stream : {4, 1, 9}) {
    ASSERT_EQ(queue.Add(Message(stream, 10)), AddResult::kOk);
    ASSERT_EQ(queue.Add(Message(stream, 10)), AddResult::kOk);
  }
  ASSERT_EQ(queue.Produce(kNow, 100)->stream_id, StreamId(4));
  ASSERT_EQ(queue.Add(Message(0, 10)), AddResult::kOk);
  // Stream 0 joins behind the streams already in the round, 4 included
  // (served just now, back in line before 0 arrived), whatever its id.
  EXPECT_EQ(queue.ToString(), "SendQueue bytes=60 streams=[0:1,1:2,4:1,9:2] next=1");
  EXPECT_THAT(Streams(Drain(queue, 100)), ElementsAre(1, 9, 4, 0, 1, 9));
}

TEST(SendQueueTest, AStreamThatEmptiesLeavesTheRoundAndCanRejoin) {
  SendQueue queue({}, 3);
  ASSERT_EQ(queue.Add(Message(0, 10)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(1, 10)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(1, 10)), AddResult::kOk);
  EXPECT_EQ(queue.Produce(kNow, 100)->stream_id, StreamId(0));
  EXPECT_EQ(queue.Produce(kNow, 100)->stream_id, StreamId(1));
  ASSERT_EQ(queue.Add(Message(0, 10)), AddResult::kOk);
  EXPECT_EQ(queue.Produce(kNow, 100)->stream_id, StreamId(1));
  const auto last = queue.Produce(kNow, 100);
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->stream_id, StreamId(0));
  EXPECT_EQ(last->ssn, Ssn(1));  // the stream kept its SSN while idle
  EXPECT_FALSE(queue.Produce(kNow, 100).has_value());
}

// --- Immediate ack ---

TEST(SendQueueTest, IBitOnlyOnTheLastFragment) {
  // RFC 9260 section 6.1: the I bit of the last DATA chunk of a message.
  SendQueue queue({}, 1);
  OutgoingMessage message = Message(0, 250);
  message.immediate_ack = true;
  ASSERT_EQ(queue.Add(std::move(message)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(0, 250)), AddResult::kOk);
  const auto fragments = Drain(queue, 100);
  ASSERT_EQ(fragments.size(), 6u);
  EXPECT_FALSE(fragments[0].immediate_ack);
  EXPECT_FALSE(fragments[1].immediate_ack);
  EXPECT_TRUE(fragments[2].immediate_ack);
  for (size_t i = 3; i < 6; ++i) EXPECT_FALSE(fragments[i].immediate_ack) << i;
}

// --- Lifetime (RFC 9260 section 11.1.5, RFC 3758 section 4.1 TR3) ---

TEST(SendQueueTest, ExpiredMessageIsDroppedBeforeItTakesAnSsn) {
  SendQueue queue({}, 1);
  OutgoingMessage stale = Message(0, 100, 3);
  stale.expires_at = kNow;  // expired at `now` already
  stale.context = 42;
  ASSERT_EQ(queue.Add(stale), AddResult::kOk);
  OutgoingMessage fresh = Message(0, 100);
  fresh.expires_at = kNow + seconds(1);
  ASSERT_EQ(queue.Add(fresh), AddResult::kOk);
  EXPECT_EQ(queue.buffered_bytes(), 200u);

  const auto f = queue.Produce(kNow, 1000);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->body->message.payload, fresh.payload);
  // Section 6.5: SSN 0 goes to the first message sent, none was skipped.
  EXPECT_EQ(f->ssn, Ssn(0));
  EXPECT_TRUE(queue.empty());

  const auto failed = queue.TakeFailed();
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].context, 42u);
  EXPECT_EQ(failed[0].payload, stale.payload);
  EXPECT_TRUE(failed[0].expires_at == stale.expires_at);
  EXPECT_THAT(queue.TakeFailed(), IsEmpty());
}

TEST(SendQueueTest, IDataExpiredMessageTakesNoMid) {
  SendQueue queue(Interleaving(), 1);
  OutgoingMessage stale = Unordered(0, 10);
  stale.expires_at = kNow - seconds(1);
  ASSERT_EQ(queue.Add(stale), AddResult::kOk);
  ASSERT_EQ(queue.Add(Unordered(0, 10)), AddResult::kOk);
  const auto f = queue.Produce(kNow, 1000);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->mid, Mid(0));
  EXPECT_EQ(queue.TakeFailed().size(), 1u);
}

TEST(SendQueueTest, StartedMessageIsNotDroppedWhenItsLifetimeEnds) {
  // Once fragments are out, abandoning is the retransmission queue's job
  // (FORWARD TSN); here the message is finished.
  SendQueue queue({}, 1);
  OutgoingMessage message = Message(0, 300);
  message.expires_at = kNow + seconds(1);
  ASSERT_EQ(queue.Add(std::move(message)), AddResult::kOk);
  ASSERT_TRUE(queue.Produce(kNow, 100).has_value());
  const auto rest = Drain(queue, 100, kNow + seconds(5));
  ASSERT_EQ(rest.size(), 2u);
  EXPECT_TRUE(rest[1].end);
  EXPECT_THAT(queue.TakeFailed(), IsEmpty());
}

TEST(SendQueueTest, MessagesWithoutLifetimeNeverExpire) {
  SendQueue queue({}, 1);
  ASSERT_EQ(queue.Add(Message(0, 10)), AddResult::kOk);
  EXPECT_TRUE(queue.Produce(TimePoint::max(), 100).has_value());
  EXPECT_THAT(queue.TakeFailed(), IsEmpty());
}

TEST(SendQueueTest, AllExpiredLeavesNothingToProduceAndReportsInDropOrder) {
  SendQueue queue({}, 3);
  for (uint16_t stream : {2, 0, 2, 1}) {
    OutgoingMessage message = Message(stream, 10);
    message.context = stream * 10u + queue.buffered_bytes() / 10;
    message.expires_at = kNow;
    ASSERT_EQ(queue.Add(std::move(message)), AddResult::kOk);
  }
  EXPECT_FALSE(queue.Produce(kNow, 100).has_value());
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(queue.ToString(), "SendQueue bytes=0 streams=[] next=-");
  std::vector<uint64_t> contexts;
  for (const auto& m : queue.TakeFailed()) contexts.push_back(m.context);
  // Stream 2 is visited first and loses both messages, then 0, then 1.
  EXPECT_THAT(contexts, ElementsAre(20, 22, 1, 13));
}

// --- Stream count ---

TEST(SendQueueTest, ShrinkingTheStreamCountFailsMessagesOnRemovedStreams) {
  SendQueue queue({}, 4);
  for (uint16_t stream : {0, 3, 1, 2, 3}) {
    OutgoingMessage message = Message(stream, 100);
    message.context = stream;
    ASSERT_EQ(queue.Add(std::move(message)), AddResult::kOk);
  }
  queue.SetStreamCount(2);
  EXPECT_EQ(queue.stream_count(), 2);
  EXPECT_EQ(queue.buffered_bytes(), 200u);
  std::vector<uint64_t> contexts;
  for (const auto& m : queue.TakeFailed()) contexts.push_back(m.context);
  EXPECT_THAT(contexts, ElementsAre(2, 3, 3));
  EXPECT_EQ(queue.Add(Message(2, 10)), AddResult::kInvalidStream);
  EXPECT_THAT(Streams(Drain(queue, 1000)), ElementsAre(0, 1));
}

TEST(SendQueueTest, StreamsThatComeBackStartAtSsnZero) {
  // RFC 6525 section 5.1.5: an added stream uses SSN 0 for its first
  // ordered message.
  SendQueue queue({}, 2);
  ASSERT_EQ(queue.Add(Message(1, 10)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(0, 10)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(0, 10)), AddResult::kOk);
  ASSERT_EQ(Drain(queue, 100).size(), 3u);
  queue.SetStreamCount(1);
  queue.SetStreamCount(3);
  ASSERT_EQ(queue.Add(Message(0, 10)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(1, 10)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(2, 10)), AddResult::kOk);
  EXPECT_THAT(SidSsn(Drain(queue, 100)), ElementsAre("0/2", "1/0", "2/0"));
}

TEST(SendQueueTest, ShrinkingFailsAStartedMessageWholeAndKeepsSentFragmentsValid) {
  SendQueue queue({}, 2);
  ASSERT_EQ(queue.Add(Message(1, 300, 5)), AddResult::kOk);
  const auto first = queue.Produce(kNow, 100);
  ASSERT_TRUE(first.has_value());
  const std::vector<uint8_t> sent(first->payload().begin(), first->payload().end());
  queue.SetStreamCount(1);
  EXPECT_TRUE(queue.empty());
  EXPECT_FALSE(queue.Produce(kNow, 100).has_value());
  const auto failed = queue.TakeFailed();
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].payload, Payload(300, 5));
  // The fragment out there still reads its bytes.
  EXPECT_EQ(std::vector<uint8_t>(first->payload().begin(), first->payload().end()), sent);
  EXPECT_EQ(first->body->message.payload, Payload(300, 5));
}

TEST(SendQueueTest, GrowingTheStreamCountOpensNewStreams) {
  SendQueue queue({}, 1);
  EXPECT_EQ(queue.Add(Message(5, 10)), AddResult::kInvalidStream);
  queue.SetStreamCount(6);
  EXPECT_EQ(queue.Add(Message(5, 10)), AddResult::kOk);
  EXPECT_THAT(queue.TakeFailed(), IsEmpty());
}

TEST(SendQueueTest, AllOf65535StreamsAreUsable) {
  SendQueue queue({}, 65535);
  EXPECT_EQ(queue.Add(Message(65535, 10)), AddResult::kInvalidStream);
  ASSERT_EQ(queue.Add(Message(65534, 10)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(0, 10)), AddResult::kOk);
  EXPECT_EQ(queue.ToString(), "SendQueue bytes=20 streams=[0:1,65534:1] next=65534");
  EXPECT_THAT(Streams(Drain(queue, 100)), ElementsAre(65534, 0));
}

// --- TakeAll ---

TEST(SendQueueTest, TakeAllReturnsEverythingInStreamOrderFlaggingStarted) {
  SendQueue queue({}, 4);
  uint64_t context = 0;
  for (uint16_t stream : {3, 1, 3, 1, 0, 2}) {
    OutgoingMessage message = Message(stream, 250, uint8_t(context));
    message.context = context++;
    ASSERT_EQ(queue.Add(std::move(message)), AddResult::kOk);
  }
  // Stream 3's first message goes out whole, stream 1's first in part.
  const auto whole = queue.Produce(kNow, 250);
  ASSERT_TRUE(whole && whole->stream_id == StreamId(3) && whole->end);
  const auto part = queue.Produce(kNow, 100);
  ASSERT_TRUE(part && part->stream_id == StreamId(1) && !part->end);

  const auto remaining = queue.TakeAll();
  std::vector<std::string> seen;
  for (const auto& r : remaining) {
    seen.push_back(fmt::format("{}:{}{}", r.message.stream_id.value(), r.message.context,
                               r.started ? "s" : ""));
    // Whole messages, the started one included.
    EXPECT_EQ(r.message.payload, Payload(250, uint8_t(r.message.context)));
    // The started one names the body its sent fragments share.
    if (r.started) {
      EXPECT_EQ(r.serial, part->body->serial);
    }
  }
  EXPECT_THAT(seen, ElementsAre("0:4", "1:1s", "1:3", "2:5", "3:2"));
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(queue.buffered_bytes(), 0u);
  EXPECT_FALSE(queue.Produce(kNow, 100).has_value());
  EXPECT_EQ(queue.ToString(), "SendQueue bytes=0 streams=[] next=-");
  // Fragments already produced still read their bytes.
  const std::vector<uint8_t> original = Payload(250, 1);
  EXPECT_EQ(std::vector<uint8_t>(part->payload().begin(), part->payload().end()),
            std::vector<uint8_t>(original.begin(), original.begin() + 100));
  EXPECT_THAT(queue.TakeAll(), IsEmpty());
}

TEST(SendQueueTest, TakeAllLeavesFailedMessagesForTakeFailed) {
  SendQueue queue({}, 2);
  OutgoingMessage stale = Message(0, 10);
  stale.expires_at = kNow;
  stale.context = 9;
  ASSERT_EQ(queue.Add(std::move(stale)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(0, 500)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(1, 10)), AddResult::kOk);
  ASSERT_TRUE(queue.Produce(kNow, 100).has_value());  // drops the stale one
  const auto remaining = queue.TakeAll();
  ASSERT_EQ(remaining.size(), 2u);
  EXPECT_TRUE(remaining[0].started);
  EXPECT_FALSE(remaining[1].started);
  const auto failed = queue.TakeFailed();
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].context, 9u);
}

TEST(SendQueueTest, QueueWorksAgainAfterTakeAll) {
  SendQueue queue({.max_buffered_bytes = 100}, 1);
  ASSERT_EQ(queue.Add(Message(0, 100)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(0, 1)), AddResult::kFull);
  ASSERT_TRUE(queue.Produce(kNow, 10).has_value());
  ASSERT_EQ(queue.TakeAll().size(), 1u);
  // The bytes are released; a new message starts from its first fragment.
  ASSERT_EQ(queue.Add(Message(0, 100)), AddResult::kOk);
  const auto f = queue.Produce(kNow, 1000);
  ASSERT_TRUE(f.has_value());
  EXPECT_TRUE(f->beginning && f->end);
  EXPECT_EQ(f->offset, 0u);
}

// --- Discard ---

TEST(SendQueueTest, DiscardDropsTheRestOfAnAbandonedMessage) {
  // RFC 3758 section 3.5 A3: once a message is abandoned, none of its
  // fragments is sent any more.
  SendQueue queue({.use_interleaving = true}, 2);
  ASSERT_EQ(queue.Add(Message(0, 300)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(0, 50, 7)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(1, 20)), AddResult::kOk);
  const auto first = queue.Produce(kNow, 100);
  ASSERT_TRUE(first && first->stream_id == StreamId(0) && first->beginning && !first->end);
  EXPECT_EQ(first->mid, Mid(0));
  EXPECT_EQ(queue.buffered_bytes(), 270u);
  // Only the message in progress, by its serial.
  EXPECT_FALSE(queue.Discard(StreamId(0), first->body->serial + 1).has_value());
  EXPECT_FALSE(queue.Discard(StreamId(1), first->body->serial).has_value());
  EXPECT_TRUE(queue.Discard(StreamId(0), first->body->serial).has_value());
  EXPECT_FALSE(queue.Discard(StreamId(0), first->body->serial).has_value());
  EXPECT_EQ(queue.buffered_bytes(), 70u);
  // The stream goes on with its next message, whose MID follows the
  // abandoned one's; nothing of the discarded one comes out.
  std::vector<std::string> produced;
  while (const auto f = queue.Produce(kNow, 100)) {
    produced.push_back(fmt::format("{}:{}:{}{}", f->stream_id.value(), f->mid.value(), f->length,
                                   f->beginning && f->end ? "" : "!"));
  }
  EXPECT_THAT(produced, ElementsAre("1:0:20", "0:1:50"));
  EXPECT_TRUE(queue.empty());
  // Not a failure the queue reports: the sent fragments are reported with
  // the message by whoever abandoned it.
  EXPECT_THAT(queue.TakeFailed(), IsEmpty());
}

TEST(SendQueueTest, DiscardWithDataLeavesTheSsnTaken) {
  SendQueue queue({}, 2);
  ASSERT_EQ(queue.Add(Message(0, 300)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(0, 10)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(1, 10)), AddResult::kOk);
  const auto first = queue.Produce(kNow, 100);
  ASSERT_TRUE(first && !first->end);
  EXPECT_EQ(first->ssn, Ssn(0));
  ASSERT_TRUE(queue.Discard(StreamId(0), first->body->serial).has_value());
  std::vector<std::string> produced;
  while (const auto f = queue.Produce(kNow, 100)) {
    produced.push_back(fmt::format("{}:{}", f->stream_id.value(), f->ssn.value()));
  }
  // The abandoned message keeps SSN 0 (a FORWARD TSN skips it).
  EXPECT_THAT(produced, ElementsAre("0:1", "1:0"));
}

// --- ToString ---

TEST(SendQueueTest, ToStringShowsBytesStreamsAndNext) {
  SendQueue queue({}, 4);
  EXPECT_EQ(queue.ToString(), "SendQueue bytes=0 streams=[] next=-");
  ASSERT_EQ(queue.Add(Message(0, 50)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(0, 100)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(3, 100)), AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(0, 100)), AddResult::kOk);
  EXPECT_EQ(queue.ToString(), "SendQueue bytes=350 streams=[0:3,3:1] next=0");
  ASSERT_TRUE(queue.Produce(kNow, 1000).has_value());
  EXPECT_EQ(queue.ToString(), "SendQueue bytes=300 streams=[0:2,3:1] next=3");
}

// --- Resources ---

TEST(SendQueueTest, ProduceMakesNoHeapAllocation) {
  for (bool interleaving : {false, true}) {
    SCOPED_TRACE(interleaving ? "I-DATA" : "DATA");
    SendQueue queue({.use_interleaving = interleaving}, 100);
    size_t expected_fragments = 0;
    for (int i = 0; i < 200; ++i) {
      OutgoingMessage message = Message(static_cast<uint16_t>(i % 7 * 13), 10 + i * 17);
      message.unordered = i % 3 == 0;
      message.immediate_ack = i % 5 == 0;
      if (i % 4 == 0) {
        message.expires_at = kNow;  // dropped in Produce
      } else {
        expected_fragments += (message.payload.size() + 299) / 300;
      }
      ASSERT_EQ(queue.Add(std::move(message)), AddResult::kOk);
    }
    size_t fragments = 0;
    const uint64_t before = g_allocations.load();
    while (auto fragment = queue.Produce(kNow, 300)) ++fragments;
    const uint64_t allocations = g_allocations.load() - before;
    EXPECT_EQ(allocations, 0u);
    EXPECT_EQ(fragments, expected_fragments);
    EXPECT_EQ(queue.TakeFailed().size(), 50u);
  }
}

TEST(SendQueueTest, PoolIsReusedAfterABurst) {
  SendQueue queue({}, 2);
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 1000; ++i) ASSERT_EQ(queue.Add(Message(i % 2, 1)), AddResult::kOk);
    const auto fragments = Drain(queue, 100);
    ASSERT_EQ(fragments.size(), 1000u);
    // Ordered per stream across rounds: 500 SSNs per stream per round.
    EXPECT_EQ(fragments.front().ssn, Ssn(static_cast<uint16_t>(round * 500)));
    EXPECT_EQ(fragments.back().ssn, Ssn(static_cast<uint16_t>(round * 500 + 499)));
    EXPECT_EQ(fragments.front().body->serial, round * 1000u + 1);
  }
}

TEST(SendQueueTest, AMovedQueueCarriesOnWhereItWas) {
  SendQueue original({}, 3);
  ASSERT_EQ(original.Add(Message(2, 250)), AddResult::kOk);
  ASSERT_EQ(original.Add(Message(0, 10)), AddResult::kOk);
  ASSERT_EQ(original.Add(Message(2, 10)), AddResult::kOk);
  ASSERT_TRUE(original.Produce(kNow, 100).has_value());
  SendQueue moved(std::move(original));
  ASSERT_EQ(moved.Add(Message(1, 10)), AddResult::kOk);
  // Stream 2's message goes on where it stopped, then the round continues.
  const auto rest = Drain(moved, 100);
  EXPECT_THAT(SidSsn(rest), ElementsAre("2/0", "2/0", "0/0", "1/0", "2/1"));
  EXPECT_EQ(rest[0].offset, 100u);
  SendQueue assigned({}, 1);
  assigned = std::move(moved);
  EXPECT_EQ(assigned.stream_count(), 3);
  ASSERT_EQ(assigned.Add(Message(2, 10)), AddResult::kOk);
  EXPECT_EQ(assigned.Produce(kNow, 100)->ssn, Ssn(2));
}

TEST(SendQueueDeathTest, ZeroMaxPayloadIsAContractViolation) {
  SendQueue queue({}, 1);
  ASSERT_EQ(queue.Add(Message(0, 10)), AddResult::kOk);
  EXPECT_DEATH(queue.Produce(kNow, 0), "");
}

}  // namespace
}  // namespace sctpdp

namespace sctpdp {
namespace {

// What is left of the message Produce serves next: whole before its first
// fragment, the rest after, then the next stream's message.
TEST(SendQueueTest, NextMessageRemainingFollowsProduce) {
  SendQueue queue({}, 2);
  EXPECT_EQ(queue.NextMessageRemaining(), 0u);
  ASSERT_EQ(queue.Add(Message(0, 1000)), SendQueue::AddResult::kOk);
  ASSERT_EQ(queue.Add(Message(1, 300)), SendQueue::AddResult::kOk);
  EXPECT_EQ(queue.NextMessageRemaining(), 1000u);
  ASSERT_TRUE(queue.Produce(TimePoint{}, 400).has_value());
  EXPECT_EQ(queue.NextMessageRemaining(), 600u);
  ASSERT_TRUE(queue.Produce(TimePoint{}, 600).has_value());
  EXPECT_EQ(queue.NextMessageRemaining(), 300u);
  ASSERT_TRUE(queue.Produce(TimePoint{}, 600).has_value());
  EXPECT_EQ(queue.NextMessageRemaining(), 0u);
}

}  // namespace
}  // namespace sctpdp
