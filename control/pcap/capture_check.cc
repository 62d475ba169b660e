#include "control/pcap/capture_check.h"

#include <fmt/format.h>

#include "control/pcap/capture_reader.h"
#include "dataplane/sctp/packet/chunk/any_chunk.h"
#include "dataplane/sctp/packet/round_trip.h"
#include "dataplane/sctp/packet/sctp_packet.h"

namespace sctpdp::control {
namespace {

// Scratch for the rewrite: an SCTP packet in a capture is at most an IPv4 or
// IPv6 payload (64 KiB).
constexpr size_t kMaxPacket = 1 << 16;

enum class ChecksumState { kRight, kZero, kWrong };

ChecksumState CheckChecksum(std::span<const uint8_t> sctp, uint32_t field, uint32_t* expected) {
  *expected = SctpChecksum(sctp);
  if (field == *expected) return ChecksumState::kRight;
  return field == 0 ? ChecksumState::kZero : ChecksumState::kWrong;
}

// Runs `on_packet(frame_number, segment)` for each frame holding an SCTP
// packet; `on_skip(reason)` for the others.
template <typename OnPacket, typename OnSkip>
std::optional<std::string> ForEachSctpPacket(const std::string& path,
                                             const net::ExtractOptions& options,
                                             OnPacket on_packet, OnSkip on_skip) {
  auto opened = CaptureReader::Open(path);
  if (auto* error = std::get_if<std::string>(&opened)) return *error;
  CaptureReader& reader = std::get<CaptureReader>(opened);
  while (std::optional<CapturedFrame> frame = reader.Next()) {
    auto extracted = net::ExtractSctp(reader.link_type(), frame->data, options);
    if (auto* reason = std::get_if<net::FrameSkipReason>(&extracted)) {
      on_skip(*reason);
    } else {
      on_packet(frame->number, std::get<net::SctpSegment>(extracted));
    }
  }
  if (!reader.error().empty()) return reader.error();
  return std::nullopt;
}

std::string DescribeRoundTrip(const RoundTripResult& result, std::span<const uint8_t> sctp) {
  if (result.outcome == RoundTripResult::Outcome::kParseError) {
    return fmt::format("parse error: {}", result.error->ToString());
  }
  std::string where;
  if (result.difference_chunk_index >= 0) {
    auto packet = SctpPacket::Parse(sctp, SctpPacket::ChecksumCheck::kSkip);
    for (const ChunkView& view : *packet) {
      if (view.index == result.difference_chunk_index) {
        where = fmt::format(" in chunk {} ({})", view.index, ChunkTypeName(view.type));
      }
    }
  }
  return fmt::format("written back, differs from byte {}{}{}", result.first_difference, where,
                     result.nonzero_padding
                         ? " (non-zero padding, which RFC 9260 section 3.2 has receivers ignore)"
                         : "");
}

}  // namespace

std::variant<VerifyReport, std::string> VerifyCapture(const std::string& path,
                                                      const net::ExtractOptions& options) {
  VerifyReport report;
  std::vector<uint8_t> scratch(kMaxPacket);
  auto reject = [&report](uint64_t frame, const net::SctpSegment& segment, std::string why) {
    ++report.rejected;
    if (report.rejections.size() < VerifyReport::kMaxListed) {
      report.rejections.push_back(fmt::format("frame {} {}: {}", frame, segment.ToString(), why));
    } else {
      ++report.unlisted_rejections;
    }
  };
  auto on_packet = [&](uint64_t frame, const net::SctpSegment& segment) {
    ++report.frames;
    ++report.packets;
    std::span<const uint8_t> sctp = segment.sctp;
    if (sctp.size() < CommonHeader::kSize) {
      ++report.failures;
      return reject(frame, segment, "shorter than the SCTP common header");
    }
    const uint32_t field = (uint32_t{sctp[8]} << 24) | (uint32_t{sctp[9]} << 16) |
                           (uint32_t{sctp[10]} << 8) | sctp[11];
    uint32_t expected = 0;
    switch (CheckChecksum(sctp, field, &expected)) {
      case ChecksumState::kWrong:
        ++report.bad_checksum;
        return reject(frame, segment,
                      fmt::format("bad checksum 0x{:08x}, CRC32c is 0x{:08x}", field, expected));
      case ChecksumState::kZero:
        ++report.zero_checksum;
        break;
      case ChecksumState::kRight:
        break;
    }
    if (auto packet = SctpPacket::Parse(sctp, SctpPacket::ChecksumCheck::kSkip); packet.ok()) {
      for (const ChunkView& view : *packet) ++report.chunks_by_type[static_cast<uint8_t>(view.type)];
    }
    RoundTripResult result = RoundTripPacket(sctp, scratch);
    if (result.outcome == RoundTripResult::Outcome::kIdentical) {
      ++report.identical;
      return;
    }
    ++report.failures;
    reject(frame, segment, DescribeRoundTrip(result, sctp));
  };
  auto on_skip = [&report](net::FrameSkipReason reason) {
    ++report.frames;
    ++report.skipped_frames[reason];
  };
  if (auto error = ForEachSctpPacket(path, options, on_packet, on_skip)) return *error;
  return report;
}

void PrintVerifyReport(const VerifyReport& report, std::FILE* out) {
  fmt::print(out, "chunks by type:\n");
  for (size_t type = 0; type < report.chunks_by_type.size(); ++type) {
    if (report.chunks_by_type[type] == 0) continue;
    std::string_view name = ChunkTypeName(static_cast<ChunkType>(type));
    fmt::print(out, "  {:<18} {:>10}\n",
               name == "unknown" ? fmt::format("type {}", type) : std::string(name),
               report.chunks_by_type[type]);
  }
  for (const auto& [reason, count] : report.skipped_frames) {
    fmt::print(out, "skipped frames ({}): {}\n", net::FrameSkipReasonName(reason), count);
  }
  if (report.zero_checksum > 0) {
    fmt::print(out, "zero checksums (RFC 9653), not verified: {}\n", report.zero_checksum);
  }
  if (report.rejected > 0) fmt::print(out, "rejected packets:\n");
  for (const std::string& line : report.rejections) fmt::print(out, "  {}\n", line);
  if (report.unlisted_rejections > 0) {
    fmt::print(out, "  ... and {} more\n", report.unlisted_rejections);
  }
  fmt::print(out, "{} packets, {} identical, {} rejected\n", report.packets, report.identical,
             report.rejected);
}

std::variant<uint64_t, std::string> DumpCapture(const std::string& path,
                                                const net::ExtractOptions& options,
                                                std::FILE* out) {
  uint64_t packets = 0;
  auto on_packet = [&](uint64_t frame, const net::SctpSegment& segment) {
    ++packets;
    std::string line = fmt::format("{} {}", frame, segment.ToString());
    auto packet = SctpPacket::Parse(segment.sctp, SctpPacket::ChecksumCheck::kSkip);
    if (!packet.ok()) {
      fmt::print(out, "{} malformed: {}\n", line, packet.error().ToString());
      return;
    }
    const CommonHeader& header = packet->header();
    uint32_t expected = 0;
    const ChecksumState checksum = CheckChecksum(segment.sctp, header.checksum, &expected);
    line += fmt::format(" sctp {} > {} vtag=0x{:08x}{}", header.source_port.value(),
                        header.destination_port.value(), header.verification_tag.value(),
                        checksum == ChecksumState::kWrong  ? " BAD-CHECKSUM"
                        : checksum == ChecksumState::kZero ? " zero-checksum"
                                                           : "");
    for (const ChunkView& view : *packet) {
      ParseResult<AnyChunk> chunk = ParseChunk(view);
      line += chunk.ok() ? fmt::format(" [{}]", ChunkToString(*chunk))
                         : fmt::format(" [malformed: {}]", chunk.error().ToString());
    }
    fmt::print(out, "{}\n", line);
  };
  auto on_skip = [](net::FrameSkipReason) {};
  if (auto error = ForEachSctpPacket(path, options, on_packet, on_skip)) return *error;
  return packets;
}

}  // namespace sctpdp::control
