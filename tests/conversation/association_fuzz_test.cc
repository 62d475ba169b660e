// The association fuzzer's run (tests/common/association_fuzz.h): the input
// format, that each mode patches packets so they land where it says, and
// that the committed seed corpus plays without a broken check.
#include "tests/common/association_fuzz.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace sctpdp::testing {
namespace {

using Input = AssociationFuzzInput;
using Step = AssociationFuzzInput::Step;

constexpr uint8_t kToA = 0x01;
constexpr uint8_t kSplice = 0x01;
constexpr uint8_t kStranger = 0x02;

// A zero common header (the run fills it in) and one chunk.
std::vector<uint8_t> Packet(const std::vector<uint8_t>& chunk) {
  std::vector<uint8_t> packet(12 + ((chunk.size() + 3) & ~size_t{3}), 0);
  std::copy(chunk.begin(), chunk.end(), packet.begin() + 12);
  return packet;
}

std::vector<uint8_t> Init(uint32_t initiate_tag) {
  return {1,
          0,
          0,
          20,
          static_cast<uint8_t>(initiate_tag >> 24),
          static_cast<uint8_t>(initiate_tag >> 16),
          static_cast<uint8_t>(initiate_tag >> 8),
          static_cast<uint8_t>(initiate_tag),
          0,
          1,
          0,
          0,
          0,
          10,
          0,
          10,
          0,
          0,
          0x13,
          0x88};
}

struct Sent {
  int step = 0;
  bool from_a = false;
  std::vector<uint8_t> packet;
};

struct Played {
  AssociationFuzzResult result;
  std::vector<Sent> sent;

  // Whether a side sent a packet whose first chunk has this type, in `step`.
  bool SentChunk(bool from_a, int step, uint8_t type) const {
    for (const Sent& s : sent) {
      if (s.from_a == from_a && s.step == step && s.packet.size() > 12 && s.packet[12] == type) {
        return true;
      }
    }
    return false;
  }
};

Played Play(const Input& input) {
  Played played;
  played.result = RunAssociationFuzzInput(input, [&](int step, bool from_a, auto packet) {
    played.sent.push_back(Sent{step, from_a, {packet.begin(), packet.end()}});
  });
  return played;
}

TEST(AssociationFuzzInputTest, SerializeAndParseAgree) {
  const Input input{.mode = Input::Mode::kListen,
                    .interleaving = true,
                    .from_cookie_wait = true,
                    .steps = {{.op = 0x35, .message = 0x81, .packet = {1, 2, 3}},
                              {.op = 0x02},
                              {.message = 0x40, .packet = std::vector<uint8_t>(300, 7)}}};
  const Input parsed = Input::Parse(input.Serialize());
  EXPECT_EQ(parsed.mode, Input::Mode::kListen);
  EXPECT_TRUE(parsed.interleaving);
  EXPECT_FALSE(parsed.nodelay);
  EXPECT_TRUE(parsed.from_cookie_wait);
  ASSERT_EQ(parsed.steps.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(parsed.steps[i].op, input.steps[i].op);
    EXPECT_EQ(parsed.steps[i].message, input.steps[i].message);
    EXPECT_EQ(parsed.steps[i].packet, input.steps[i].packet);
  }
}

TEST(AssociationFuzzInputTest, BoundsStepsAndCutsTheLastPacket) {
  std::vector<uint8_t> bytes = {1};  // blind
  for (size_t i = 0; i < Input::kMaxSteps + 10; ++i) bytes.insert(bytes.end(), {0, 0, 0, 0});
  EXPECT_EQ(Input::Parse(bytes).steps.size(), Input::kMaxSteps);
  const Input cut = Input::Parse(std::vector<uint8_t>{3, 0x10, 0, 0xff, 0xff, 9, 9});
  EXPECT_EQ(cut.mode, Input::Mode::kInsider);  // 3 is insider too
  ASSERT_EQ(cut.steps.size(), 1u);
  EXPECT_EQ(cut.steps[0].packet, (std::vector<uint8_t>{9, 9}));
}

// Section 8.5.1 B: an ABORT needs the receiver's tag (or, with the T bit,
// the sender's). The insider's carries it and ends Z's association; the
// blind attacker's, with or without the T bit, changes nothing.
TEST(AssociationFuzzRunTest, InsiderAbortEndsTheAssociationBlindOneDoesNot) {
  for (uint8_t flags : {uint8_t{0}, uint8_t{1}}) {
    const std::vector<uint8_t> abort = Packet({6, flags, 0, 4});
    const Played insider = Play(Input{.steps = {{.packet = abort}}});
    EXPECT_FALSE(insider.result.failure) << *insider.result.failure;
    EXPECT_EQ(insider.result.associations_z, 0u);

    const Played blind = Play(Input{.mode = Input::Mode::kBlind,
                                    .steps = {{.packet = abort}, {.op = kToA, .packet = abort}}});
    EXPECT_FALSE(blind.result.failure) << *blind.result.failure;
    EXPECT_EQ(blind.result.associations_a, 1u);
    EXPECT_EQ(blind.result.associations_z, 1u);
  }
}

// Section 8.3: a HEARTBEAT with the right tag is answered to its source.
TEST(AssociationFuzzRunTest, InsiderHeartbeatIsAnsweredBlindOneIsNot) {
  const std::vector<uint8_t> heartbeat = Packet({4, 0, 0, 12, 0, 1, 0, 8, 1, 2, 3, 4});
  const Played insider =
      Play(Input{.steps = {{.packet = heartbeat}, {.op = kToA, .packet = heartbeat}}});
  EXPECT_FALSE(insider.result.failure);
  EXPECT_TRUE(insider.SentChunk(/*from_a=*/false, 0, 5));
  EXPECT_TRUE(insider.SentChunk(/*from_a=*/true, 1, 5));

  const Played blind = Play(Input{.mode = Input::Mode::kBlind, .steps = {{.packet = heartbeat}}});
  EXPECT_FALSE(blind.result.failure);
  EXPECT_FALSE(blind.SentChunk(/*from_a=*/false, 0, 5));
}

// Section 5.1: a listening endpoint answers INIT with a cookie and opens
// the association when the cookie comes back, and only then.
TEST(AssociationFuzzRunTest, ListeningEndpointOpensOnTheEchoedCookie) {
  const std::vector<uint8_t> echo = Packet({10, 0, 0, 4});
  const Played echoed =
      Play(Input{.mode = Input::Mode::kListen,
                 .steps = {{.packet = Packet(Init(0x600df00d))}, {.op = kSplice, .packet = echo}}});
  EXPECT_FALSE(echoed.result.failure);
  EXPECT_TRUE(echoed.SentChunk(/*from_a=*/false, 0, 2));   // INIT ACK
  EXPECT_TRUE(echoed.SentChunk(/*from_a=*/false, 1, 11));  // COOKIE ACK

  const Played forged =
      Play(Input{.mode = Input::Mode::kListen,
                 .steps = {{.packet = Packet(Init(0x600df00d))}, {.packet = echo}}});
  EXPECT_FALSE(forged.result.failure);
  EXPECT_FALSE(forged.SentChunk(/*from_a=*/false, 1, 11));
  EXPECT_EQ(forged.result.associations_z, 0u);
}

// Section 5.2.4 action A: an INIT from the peer's address with a new tag,
// then its cookie echoed, restarts Z's association: Z answers with COOKIE
// ACK under the new peer tag.
TEST(AssociationFuzzRunTest, InsiderEchoOfTheLearnedCookieRestarts) {
  const Played played = Play(
      Input{.steps = {{.packet = Packet(Init(0x12345678))}, {.packet = Packet({10, 1, 0, 4})}}});
  EXPECT_FALSE(played.result.failure);
  bool restarted = false;
  for (const Sent& s : played.sent) {
    restarted |= !s.from_a && s.step == 1 && s.packet.size() > 12 && s.packet[12] == 11 &&
                 s.packet[4] == 0x12 && s.packet[5] == 0x34 && s.packet[6] == 0x56 &&
                 s.packet[7] == 0x78;
  }
  EXPECT_TRUE(restarted);
}

// What the stranger's address sends goes to the target as a stranger's.
TEST(AssociationFuzzRunTest, StrangersInitIsAnsweredOutOfTheBlue) {
  const Played played = Play(
      Input{.mode = Input::Mode::kBlind, .steps = {{.op = kStranger, .packet = Packet(Init(7))}}});
  EXPECT_FALSE(played.result.failure);
  EXPECT_TRUE(played.SentChunk(/*from_a=*/false, 0, 2));
}

// RFC 3758 section 3.5 C3: A's message with a 100 ms lifetime is lost, the
// next one on its stream is sent, then T3-rtx expires after the lifetime:
// the first is abandoned and a FORWARD TSN skips it, so that the second
// is delivered (the blind run checks that every reliable message arrives).
TEST(AssociationFuzzRunTest, LostExpiredMessageIsSkippedWithForwardTsn) {
  const Input input{.mode = Input::Mode::kBlind,
                    .lossy = true,
                    .steps = {{.op = 0x04, .message = 0x38, .drop = 1},  // lifetime, stream 3
                              {.op = 0x04, .message = 0x30},             // reliable, stream 3
                              {.op = 0x80},                              // 1.28 s
                              {.op = 0x80}}};
  const Played played = Play(input);
  EXPECT_FALSE(played.result.failure) << *played.result.failure;
  bool forward_tsn = false;
  for (const Sent& s : played.sent) {
    forward_tsn |= s.from_a && s.packet.size() > 12 && s.packet[12] == 192;
  }
  EXPECT_TRUE(forward_tsn);
}

TEST(AssociationFuzzRunTest, SeedCorpusPlaysClean) {
  const char* dir = std::getenv("SCTPDP_ASSOCIATION_CORPUS");
  if (!dir) GTEST_SKIP() << "SCTPDP_ASSOCIATION_CORPUS not set";
  size_t seeds = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                     std::istreambuf_iterator<char>());
    const AssociationFuzzResult result = RunAssociationFuzzInput(Input::Parse(bytes));
    EXPECT_FALSE(result.failure) << entry.path() << ": " << *result.failure;
    ++seeds;
  }
  EXPECT_GT(seeds, 0u);
}

}  // namespace
}  // namespace sctpdp::testing
