// write_association_corpus DIR: writes the seed corpus of
// tests/fuzz/corpus/association: inputs of the association fuzzer
// (association_fuzz.h) made from real conversations. Each scenario (data
// both ways, fragmented and partially delivered messages, heartbeats,
// retransmissions, shutdowns, a handshake in flight) is played once to
// record the packets the endpoints send; the seed plays it again with
// every recorded packet delivered a second time one step later, as an
// insider, as a blind attacker (some also with packets lost) and (A's
// packets) to a listening endpoint.
// Hand-made seeds add what conversations do not show (restarts, the
// attacker's own association, a multi-homed stranger), and a few more
// carry PacketGenerator's random valid packets. Each seed
// is checked with the run itself; a failing one is reported (and written).
// The regression-*.bin files of that folder are the fuzzer's finds, kept
// by hand; the writer leaves them alone.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "dataplane/sctp/packet/wire_types.h"
#include "tests/common/association_fuzz.h"
#include "tests/common/packet_generator.h"

namespace sctpdp::testing {
namespace {

using Input = AssociationFuzzInput;
using Step = AssociationFuzzInput::Step;

// The op and message bits of association_fuzz.h.
constexpr uint8_t kToA = 0x01;
constexpr uint8_t kSplice = 0x01;
constexpr uint8_t kStranger = 0x02;
constexpr uint8_t kASends = 0x04;
constexpr uint8_t kZSends = 0x08;
constexpr uint8_t kFromA = 0x08;
constexpr uint8_t Clock(int k) { return static_cast<uint8_t>(k << 4); }
constexpr uint8_t kMedium = 0x01;  // 700 bytes
constexpr uint8_t kTwoFragments = 0x02;
constexpr uint8_t kLarge = 0x03;  // partial delivery
constexpr uint8_t kUnordered = 0x04;
constexpr uint8_t kLifetime = 0x08;
constexpr uint8_t Stream(int n) { return static_cast<uint8_t>(n << 4); }
constexpr uint8_t kAShutdown = 0x40;
constexpr uint8_t kZShutdown = 0x80;
// Clock steps: past the delayed SACK, past RTO.Initial, past HB.interval.
constexpr int kDelayedAck = 6;  // 320 ms
constexpr int kRto = 8;         // 1.28 s
constexpr int kHeartbeat = 13;  // 41 s

struct Scenario {
  const char* name;
  bool interleaving = false;
  bool nodelay = false;
  bool from_cookie_wait = false;
  std::vector<Step> steps;
};

std::vector<Scenario> Scenarios() {
  const std::vector<Step> data = {
      {.op = kASends},
      {.op = kZSends},
      {.op = kASends | kZSends, .message = kMedium},
      {.op = kASends, .message = kTwoFragments | Stream(1)},
      {.op = Clock(kDelayedAck)},
      {.op = kASends, .message = kLarge},
      {.op = Clock(kDelayedAck) | kZSends, .message = kTwoFragments | kUnordered | Stream(2)},
      {.op = kASends, .message = kLifetime | Stream(3)},
      {.op = Clock(kRto) | kASends | kZSends},
  };
  return {
      {.name = "data", .steps = data},
      {.name = "data-idata", .interleaving = true, .steps = data},
      {.name = "data-nodelay", .nodelay = true, .steps = data},
      {.name = "heartbeat",
       .steps = {{.op = Clock(kHeartbeat)},
                 {.op = Clock(kHeartbeat) | kASends},
                 {.op = Clock(kHeartbeat) | kZSends, .message = kMedium}}},
      {.name = "retransmission",
       .steps = {{.op = kASends, .message = kMedium},
                 {.op = Clock(kRto)},
                 {.op = Clock(kRto + 1) | kZSends, .message = kMedium},
                 {.op = Clock(kRto) | kASends, .message = kLifetime},
                 {.op = Clock(kRto)}}},
      {.name = "shutdown-a",
       .steps = {{.op = kASends, .message = kMedium},
                 {.op = kZSends},
                 {.message = kAShutdown},
                 {.op = Clock(kDelayedAck)}}},
      {.name = "shutdown-z-data-in-flight",
       .steps = {{.op = kASends | kZSends, .message = kTwoFragments | kZShutdown},
                 {.op = Clock(kDelayedAck)},
                 {.op = Clock(kRto)}}},
      {.name = "shutdown-both",
       .steps = {{.op = kASends}, {.message = kAShutdown | kZShutdown}, {.op = Clock(kRto)}}},
      {.name = "handshake",
       .from_cookie_wait = true,
       .steps = {{}, {}, {.op = kASends}, {.op = Clock(kDelayedAck) | kZSends}}},
      {.name = "handshake-lost-init",
       .from_cookie_wait = true,
       .steps = {{.op = Clock(kRto)}, {.op = kASends}, {.op = Clock(kDelayedAck)}}},
  };
}

struct Recorded {
  int step = 0;
  bool from_a = false;
  std::vector<uint8_t> packet;
};

std::vector<Recorded> Record(const Input& input) {
  std::vector<Recorded> packets;
  (void)RunAssociationFuzzInput(input, [&](int step, bool from_a, std::span<const uint8_t> p) {
    packets.push_back(Recorded{.step = step, .from_a = from_a, .packet = {p.begin(), p.end()}});
  });
  return packets;
}

// Seeds stay within the fuzzer's -max_len (run_fuzzer.sh), so the packets
// replayed are the small ones (control chunks, short DATA) and only as many
// as fit.
constexpr size_t kMaxSeedSize = 4000;
constexpr size_t kMaxReplayedPacket = 400;

// The scenario again, every small packet recorded in step i - 1 (the
// handshake for step 0) delivered a second time in step i or in a step of
// its own right after it.
std::vector<Step> Replay(const std::vector<Step>& steps, const std::vector<Recorded>& packets,
                         uint8_t extra_op) {
  std::vector<Step> out;
  size_t budget = kMaxSeedSize - 1 - 4 * steps.size();
  for (size_t i = 0; i <= steps.size(); ++i) {
    bool first = i < steps.size();
    if (first) out.push_back(steps[i]);
    for (const Recorded& r : packets) {
      if (r.step != static_cast<int>(i) - 1 || r.packet.size() > kMaxReplayedPacket) continue;
      const size_t cost = r.packet.size() + (first ? 0 : 4);
      if (cost > budget || (!first && out.size() >= Input::kMaxSteps)) continue;
      budget -= cost;
      const uint8_t route = static_cast<uint8_t>((r.from_a ? 0 : kToA) | extra_op);
      if (first) {
        out.back().op |= route;
        out.back().packet = r.packet;
        first = false;
      } else {
        out.push_back(Step{.op = route, .packet = r.packet});
      }
    }
  }
  return out;
}

// The packets A sent that open and use an association, for a listening Z:
// the INIT as it was, the rest carrying Z's own cookie and tag.
std::vector<Step> ListenReplay(const std::vector<Recorded>& packets, uint8_t source) {
  std::vector<Step> out;
  size_t budget = kMaxSeedSize - 1 - 3 * 4;
  for (const Recorded& r : packets) {
    if (!r.from_a || r.packet.size() <= 12 || out.size() + 3 >= Input::kMaxSteps) continue;
    if (r.packet.size() + 4 > budget) continue;
    const auto type = static_cast<ChunkType>(r.packet[12]);
    switch (type) {
      case ChunkType::kInit:
        out.push_back(Step{.op = source, .packet = r.packet});
        budget -= r.packet.size() + 4;
        break;
      case ChunkType::kCookieEcho:
      case ChunkType::kData:
      case ChunkType::kIData:
      case ChunkType::kHeartbeat:
        out.push_back(Step{.op = static_cast<uint8_t>(source | kSplice), .packet = r.packet});
        budget -= r.packet.size() + 4;
        break;
      default:
        break;
    }
  }
  // Z sends on the new association, then its timers run with nobody answering.
  out.push_back(Step{.op = kASends, .message = kMedium});
  out.push_back(Step{.op = Clock(kRto)});
  out.push_back(Step{.op = Clock(kHeartbeat)});
  return out;
}

// Hand-made packets: a zero common header (the run patches it) and chunks.
std::vector<uint8_t> Packet(std::initializer_list<std::vector<uint8_t>> chunks) {
  size_t size = 12;
  for (const std::vector<uint8_t>& chunk : chunks) size += (chunk.size() + 3) & ~size_t{3};
  std::vector<uint8_t> packet(size, 0);
  size_t offset = 12;
  for (const std::vector<uint8_t>& chunk : chunks) {
    std::copy(chunk.begin(), chunk.end(), packet.begin() + static_cast<ptrdiff_t>(offset));
    offset += (chunk.size() + 3) & ~size_t{3};
  }
  return packet;
}
void Put32(std::vector<uint8_t>& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(value >> shift));
}
// INIT (section 3.3.2) with 10 streams each way and IPv4 address parameters.
std::vector<uint8_t> Init(uint32_t initiate_tag, uint32_t initial_tsn,
                          std::initializer_list<uint8_t> last_octets = {}) {
  std::vector<uint8_t> chunk = {1, 0, 0, 0};
  Put32(chunk, initiate_tag);
  Put32(chunk, 65536);
  Put32(chunk, 0x000a000a);
  Put32(chunk, initial_tsn);
  for (uint8_t octet : last_octets) chunk.insert(chunk.end(), {0, 5, 0, 8, 203, 0, 113, octet});
  chunk[3] = static_cast<uint8_t>(chunk.size());
  return chunk;
}
// COOKIE ECHO with the flag that makes the run echo the learned cookie.
const std::vector<uint8_t> kEchoLearned = {10, 1, 0, 4};
std::vector<uint8_t> Data(uint32_t tsn) {
  std::vector<uint8_t> chunk = {0, 3, 0, 17};
  Put32(chunk, tsn);
  Put32(chunk, 0);  // stream 0, SSN 0
  Put32(chunk, 51);
  chunk.push_back(0x42);
  return chunk;
}
std::vector<uint8_t> Heartbeat() { return {4, 0, 0, 12, 0, 1, 0, 8, 1, 2, 3, 4}; }
std::vector<uint8_t> Abort() { return {6, 0, 0, 4}; }

// Scenarios the recorded conversations do not reach: restarts, a blind
// attacker with an association of its own, a multi-homed stranger.
std::vector<std::pair<std::string, Input>> Crafted() {
  std::vector<std::pair<std::string, Input>> seeds;
  for (uint8_t to : {uint8_t{0}, kToA}) {
    // Section 5.2.4 action A: the peer restarts with a new tag.
    seeds.emplace_back(to ? "insider-restart-a" : "insider-restart-z",
                       Input{.steps = {{.op = to, .packet = Packet({Init(0x12345678, 5000)})},
                                       {.op = to, .packet = Packet({kEchoLearned, Data(5000)})},
                                       {.op = kASends | kZSends},
                                       {.op = Clock(kRto)},
                                       {.op = Clock(kRto + 2)},
                                       {.op = Clock(kHeartbeat)}}});
  }
  // The attacker opens its own association with Z from its own address,
  // uses it, asks to add A's address to it, and aborts it.
  std::vector<uint8_t> own_data = Packet({Data(1000)});
  own_data[8] = 1;  // the attacker's own tag
  std::vector<uint8_t> own_heartbeat = Packet({Heartbeat()});
  own_heartbeat[8] = 1;
  std::vector<uint8_t> own_abort = Packet({Abort()});
  own_abort[8] = 1;
  std::vector<uint8_t> with_victim = Packet({Init(0x0badcafe, 1000)});
  with_victim.insert(with_victim.end(), {0, 5, 0, 8, 198, 18, 0, 1});
  with_victim[15] = static_cast<uint8_t>(with_victim.size() - 12);
  seeds.emplace_back("blind-own-association",
                     Input{.mode = Input::Mode::kBlind,
                           .steps = {{.op = kStranger, .packet = Packet({Init(0x0badcafe, 1000)})},
                                     {.op = kStranger, .packet = Packet({kEchoLearned})},
                                     {.op = kStranger | kASends, .packet = own_data},
                                     {.op = kStranger | kZSends, .packet = with_victim},
                                     {.op = Clock(kRto) | kStranger, .packet = own_heartbeat},
                                     {.op = kStranger, .packet = own_abort},
                                     {.op = Clock(kHeartbeat)}}});
  // A stranger with three addresses: Z's association has three paths, and
  // nobody answers on any of them.
  seeds.emplace_back("listen-multihomed",
                     Input{.mode = Input::Mode::kListen,
                           .steps = {{.packet = Packet({Init(0x600df00d, 7000, {7, 8, 9})})},
                                     {.op = kSplice, .packet = Packet({kEchoLearned, Data(7000)})},
                                     {.op = kASends, .message = kTwoFragments},
                                     {.op = Clock(kRto)},
                                     {.op = Clock(kRto + 1)},
                                     {.op = Clock(kRto + 2)},
                                     {.op = Clock(kRto + 3)},
                                     {.op = Clock(kHeartbeat)},
                                     {.op = Clock(kHeartbeat + 1)}}});
  return seeds;
}

bool Write(const std::filesystem::path& dir, const std::string& name, const Input& input) {
  const AssociationFuzzResult result = RunAssociationFuzzInput(input);
  if (result.failure) {
    std::fprintf(stderr, "%s fails: %s\n", name.c_str(), result.failure->c_str());
  }
  const std::vector<uint8_t> bytes = input.Serialize();
  std::ofstream out(dir / (name + ".bin"), std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    std::fprintf(stderr, "%s: write failed\n", (dir / name).c_str());
    return false;
  }
  return true;
}

int Main(const std::filesystem::path& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    std::fprintf(stderr, "%s: %s\n", dir.c_str(), error.message().c_str());
    return 1;
  }
  bool ok = true;
  for (const Scenario& scenario : Scenarios()) {
    Input plain{.mode = Input::Mode::kInsider,
                .interleaving = scenario.interleaving,
                .nodelay = scenario.nodelay,
                .from_cookie_wait = scenario.from_cookie_wait,
                .steps = scenario.steps};
    const std::vector<Recorded> packets = Record(plain);
    const std::string name = scenario.name;

    Input insider = plain;
    insider.steps = Replay(scenario.steps, packets, 0);
    ok &= Write(dir, "insider-" + name, insider);

    if (!scenario.from_cookie_wait) {
      // The blind attacker has no shutdown to make; its copies come from
      // the peer's address and from a stranger's.
      Input blind = insider;
      blind.mode = Input::Mode::kBlind;
      for (Step& step : blind.steps)
        step.message &= static_cast<uint8_t>(~(kAShutdown | kZShutdown));
      ok &= Write(dir, "blind-" + name, blind);
      blind.steps = Replay(scenario.steps, packets, kStranger);
      for (Step& step : blind.steps)
        step.message &= static_cast<uint8_t>(~(kAShutdown | kZShutdown));
      ok &= Write(dir, "blind-stranger-" + name, blind);
    }
    if (name == "data" || name == "data-idata" || name == "retransmission") {
      // The same on a network that loses every third step's first packet
      // (four at most: the blind run's limit).
      Input lossy = insider;
      lossy.lossy = true;
      int drops = 0;
      for (size_t i = 1; i < lossy.steps.size() && drops < 4; i += 3, ++drops) {
        lossy.steps[i].drop = 1;
      }
      ok &= Write(dir, "insider-lossy-" + name, lossy);
      lossy.mode = Input::Mode::kBlind;
      ok &= Write(dir, "blind-lossy-" + name, lossy);
    }
    if (name == "data" || name == "data-idata" || name == "heartbeat") {
      Input listen = plain;
      listen.mode = Input::Mode::kListen;
      listen.from_cookie_wait = false;
      listen.steps = ListenReplay(packets, kFromA);
      ok &= Write(dir, "listen-" + name, listen);
      listen.steps = ListenReplay(packets, 0);
      ok &= Write(dir, "listen-stranger-" + name, listen);
    }
  }

  for (const auto& [name, input] : Crafted()) ok &= Write(dir, name, input);

  // Random valid packets of every kind, alternately to Z and A.
  PacketGenerator generator(7, {.max_packet_size = 600, .max_chunks = 4, .max_variable_size = 120});
  const std::array<Input::Mode, 3> modes = {Input::Mode::kInsider, Input::Mode::kBlind,
                                            Input::Mode::kListen};
  for (int i = 0; i < 9; ++i) {
    Input input{.mode = modes[static_cast<size_t>(i) % modes.size()]};
    for (int j = 0; j < 8; ++j) {
      input.steps.push_back(
          Step{.op = static_cast<uint8_t>((j % 2 ? kToA : 0) | (j % 3 ? 0 : kASends)),
               .packet = generator.Next()});
    }
    char name[32];
    std::snprintf(name, sizeof(name), "generated-%d", i);
    ok &= Write(dir, name, input);
  }
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace sctpdp::testing

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  return sctpdp::testing::Main(argv[1]);
}
