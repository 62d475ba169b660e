#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace sctpdp::testing {

// The input of the association fuzzer (tests/fuzz/association_fuzzer.cc) and
// the run that plays it against a DirectPair; shared with the seed corpus
// writer (write_association_corpus.cc), which records real conversations in
// this format.
//
// Byte 0 sets the run up:
//   bits 0-1  the mode (Mode below; 3 is insider too)
//   bit 2     both sides offer I-DATA (RFC 8260)
//   bit 3     both sides set SCTP_NODELAY
//   bit 4     insider: start while A's INIT is on its way, not from ESTABLISHED
//   bit 5     insider, blind: the network loses the packets the steps say
//             (blind: at most four in all)
// Then steps, each a four-byte header and a packet:
//   op       bit 0     insider, blind: the packet goes to A (else to Z);
//                      listen: it carries the last cookie and tag Z handed out
//            bit 1     insider, blind: it comes from a stranger's address (else
//                      from the peer's); listen: its ports are left as they are
//            bit 2     A sends a message (listen: Z, on its newest association)
//            bit 3     Z sends a message (listen: the packet comes from A's
//                      address, else from a stranger's)
//            bits 4-7  k: the clock first moves by 5 ms << k (not at all for 0)
//   message  bits 0-1  size of the messages sent: 1 to 64, 700, 2500 or 20000 bytes
//            bit 2     unordered
//            bit 3     a 100 ms lifetime (partial reliability, RFC 3758)
//            bits 4-5  the stream
//            bit 6     insider: A's user shuts down; listen: Z aborts its newest
//            bit 7     insider: Z's user shuts down; listen: Z shuts its newest down
//   length   two bytes, big endian: bits 0-12 the packet's length (the packet
//            follows, cut at the input's end); bits 13-15 d: with loss on,
//            the d-th packet the endpoints send in this step is lost (none
//            for 0)
// Each step moves the clock, sends the messages, makes the user calls,
// hands the packet (patched as the mode says) to its endpoint, then lets
// the two endpoints exchange what they sent.
struct AssociationFuzzInput {
  enum class Mode : uint8_t {
    // Ports, verification tag (by the rules of RFC 9260 section 8.5.1) and
    // CRC32c are made right: the packets reach every chunk handler. A
    // COOKIE ECHO in front with flag bit 0 set echoes the cookie (and tag)
    // of the target's last INIT ACK, for the cases of section 5.2.4.
    kInsider = 0,
    // Ports and CRC32c right, the tag none of the association's (nor zero
    // unless the packet has an INIT), and the association's tags nowhere
    // in the packet: afterwards both sides must still be ESTABLISHED with
    // their tags and carry a message each way (section 8.5), and every
    // message sent must arrive whole, once and in order (section 6.6),
    // reliable ones in the end despite the losses. The COOKIE
    // ECHO flag works as for the insider, with the INIT ACKs sent to the
    // stranger's address only (the attacker's own association); an odd
    // first checksum byte gives a packet the tag of that association.
    kBlind = 1,
    // Only Z, listening, with no association: the packets come from
    // strangers; Z's answers go to them, and the cookie and tag of its
    // last INIT ACK can be echoed.
    kListen = 2,
  };
  struct Step {
    uint8_t op = 0;
    uint8_t message = 0;
    uint8_t drop = 0;
    std::vector<uint8_t> packet{};
  };

  // Bounds on the work of one input.
  static constexpr size_t kMaxSteps = 64;
  static constexpr size_t kMaxPacketSize = 4096;

  Mode mode = Mode::kInsider;
  bool interleaving = false;
  bool nodelay = false;
  bool from_cookie_wait = false;
  bool lossy = false;
  std::vector<Step> steps{};

  // Reads an input; steps past kMaxSteps are left out.
  static AssociationFuzzInput Parse(std::span<const uint8_t> data);
  std::vector<uint8_t> Serialize() const;
};

struct AssociationFuzzResult {
  // What broke, or nullopt if every check held.
  std::optional<std::string> failure{};
  size_t steps_played = 0;
  // Associations left on A and on Z at the end.
  size_t associations_a = 0;
  size_t associations_z = 0;
};

// Sees each packet an endpoint sends, with the step it was sent in (-1
// while the association is being set up, kMaxSteps while the run settles).
using AssociationFuzzObserver =
    std::function<void(int step, bool from_a, std::span<const uint8_t> packet)>;

// Plays `input`. After every step each association must be consistent
// (Association::IsConsistent), closed ones must be freed, no step may make
// the endpoints exchange packets without end, and the heap (under
// AddressSanitizer) may grow by a bounded amount only; in blind mode the
// association must survive as described above.
AssociationFuzzResult RunAssociationFuzzInput(const AssociationFuzzInput& input,
                                              const AssociationFuzzObserver& observer = nullptr);

}  // namespace sctpdp::testing
