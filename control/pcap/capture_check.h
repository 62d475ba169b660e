#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "dataplane/net/frame.h"

namespace sctpdp::control {

// What `sctpdp-pcap verify` found in a capture.
struct VerifyReport {
  uint64_t frames = 0;
  uint64_t packets = 0;    // SCTP packets found in the frames
  uint64_t identical = 0;  // parsed to the last field and written back byte for byte
  uint64_t rejected = 0;   // every other packet: packets == identical + rejected
  uint64_t bad_checksum = 0;   // rejected for a wrong CRC32c only
  uint64_t zero_checksum = 0;  // RFC 9653 zero checksums, verified no further
  // Packets with a right checksum that failed to parse or to round-trip: the
  // ones that make verify exit non-zero.
  uint64_t failures = 0;
  std::array<uint64_t, 256> chunks_by_type{};
  std::map<net::FrameSkipReason, uint64_t> skipped_frames;
  std::vector<std::string> rejections;  // one line per rejected packet, the first kMaxListed
  uint64_t unlisted_rejections = 0;

  static constexpr size_t kMaxListed = 1000;
};

// Reads a pcap or pcapng capture and checks every SCTP packet in it; an
// error message if the file cannot be read.
std::variant<VerifyReport, std::string> VerifyCapture(const std::string& path,
                                                      const net::ExtractOptions& options);

// Counts per chunk type, skipped frames, rejected packets, and the closing
// line "N packets, N identical, N rejected".
void PrintVerifyReport(const VerifyReport& report, std::FILE* out);

// Writes one line per SCTP packet: frame number, addresses, ports, tag,
// checksum state and every chunk's ToString (or the parse error). Returns an
// error message if the file cannot be read.
std::variant<uint64_t, std::string> DumpCapture(const std::string& path,
                                                const net::ExtractOptions& options,
                                                std::FILE* out);

}  // namespace sctpdp::control
