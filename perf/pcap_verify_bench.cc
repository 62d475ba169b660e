// Throughput of `sctpdp-pcap verify`: writes a capture of N SCTP packets
// (default one million) in the shapes a signalling link carries, then times
// VerifyCapture over it (read, decode, checksum, parse to the last field,
// write back, compare) and reports the median of several runs in packets per
// second. With --tshark it also times `tshark -o sctp.checksum:CRC-32C` over
// the same file, the tool operators use today, for a ratio in the same run.
//
//   pcap_verify_bench [--packets N] [--runs R] [--tshark]
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "control/pcap/capture_check.h"
#include "control/pcap/capture_writer.h"
#include "dataplane/sctp/packet/chunk/data_chunk.h"
#include "dataplane/sctp/packet/chunk/heartbeat_request_chunk.h"
#include "dataplane/sctp/packet/chunk/sack_chunk.h"
#include "dataplane/sctp/packet/packet_writer.h"
#include "dataplane/sctp/packet/parameter/heartbeat_info_parameter.h"
#include "dataplane/sctp/packet/tlv_list.h"

namespace sctpdp {
namespace {

using Clock = std::chrono::steady_clock;

// Four packet shapes in turn: four bundled 100-byte DATA chunks, one
// 1200-byte DATA chunk, a SACK with two gap blocks and a duplicate, and a
// HEARTBEAT.
std::vector<uint8_t> MakePacket(uint64_t n) {
  static const std::vector<uint8_t> kPayload(1200, 0x5a);
  std::array<uint8_t, 1500> buffer{};
  PacketWriter writer(buffer, CommonHeader{.source_port = Port(2905),
                                           .destination_port = Port(2905),
                                           .verification_tag = VerificationTag(0x1234abcd)});
  const uint32_t tsn = static_cast<uint32_t>(n * 4);
  switch (n % 4) {
    case 0:
      for (uint32_t i = 0; i < 4; ++i) {
        writer.Append(DataChunk{.flags = {.beginning = true, .end = true},
                                .tsn = Tsn(tsn + i),
                                .stream_id = StreamId(static_cast<uint16_t>(i)),
                                .ssn = Ssn(static_cast<uint16_t>(n)),
                                .ppid = Ppid(3),  // M3UA
                                .payload = std::span(kPayload).first(100)});
      }
      break;
    case 1:
      writer.Append(DataChunk{.flags = {.beginning = true, .end = true},
                              .tsn = Tsn(tsn),
                              .stream_id = StreamId(1),
                              .ssn = Ssn(static_cast<uint16_t>(n)),
                              .ppid = Ppid(46),  // Diameter
                              .payload = kPayload});
      break;
    case 2: {
      static const std::array<GapAckBlock, 2> kGaps = {GapAckBlock{2, 3}, GapAckBlock{5, 9}};
      static const std::array<Tsn, 1> kDups = {Tsn(7)};
      writer.Append(SackChunk{.cumulative_tsn_ack = Tsn(tsn),
                              .a_rwnd = 131072,
                              .gap_ack_blocks = WireList<GapAckBlock>(kGaps),
                              .duplicate_tsns = WireList<Tsn>(kDups)});
      break;
    }
    default: {
      std::array<uint8_t, 64> info{};
      std::array<uint8_t, 64> list_buffer{};
      TlvListWriter parameters(list_buffer, WireKind::kParameter);
      parameters.Add(HeartbeatInfoParameter{.info = std::span(info).first(40)});
      writer.Append(HeartbeatRequestChunk{.parameters = parameters.list()});
      break;
    }
  }
  std::span<uint8_t> packet = writer.Finish();
  return {packet.begin(), packet.end()};
}

std::string WriteCapture(const std::filesystem::path& path, uint64_t packets) {
  auto created = control::CaptureWriter::Create(path.string());
  if (auto* error = std::get_if<std::string>(&created)) return *error;
  auto& writer = std::get<control::CaptureWriter>(created);
  const IpAddress a = IpAddress::FromIpv4({198, 18, 0, 1});
  const IpAddress b = IpAddress::FromIpv4({198, 18, 0, 2});
  control::CaptureTime time{};
  for (uint64_t n = 0; n < packets; ++n) {
    std::vector<uint8_t> sctp = MakePacket(n);
    writer.Write(control::WrapSctpInEthernet(sctp, n % 2 ? a : b, n % 2 ? b : a), time);
    time += std::chrono::microseconds(10);
  }
  if (auto error = writer.Close()) return *error;
  return {};
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace
}  // namespace sctpdp

int main(int argc, char** argv) {
  uint64_t packets = 1'000'000;
  int runs = 3;
  bool tshark = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--packets" && i + 1 < argc) {
      packets = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "--runs" && i + 1 < argc) {
      runs = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--tshark") {
      tshark = true;
    } else {
      fmt::print(stderr, "usage: pcap_verify_bench [--packets N] [--runs R] [--tshark]\n");
      return 2;
    }
  }
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / fmt::format("sctpdp-pcap-bench-{}", getpid());
  std::filesystem::create_directories(dir);
  const std::filesystem::path capture = dir / "capture.pcap";
  if (std::string error = sctpdp::WriteCapture(capture, packets); !error.empty()) {
    fmt::print(stderr, "cannot write {}: {}\n", capture.string(), error);
    return 1;
  }
  fmt::print("capture: {} packets, {:.1f} MB\n", packets,
             static_cast<double>(std::filesystem::file_size(capture)) / 1e6);

  std::vector<double> rates;
  for (int run = 0; run < runs; ++run) {
    const auto start = sctpdp::Clock::now();
    auto verified = sctpdp::control::VerifyCapture(capture.string(), {});
    const double seconds = std::chrono::duration<double>(sctpdp::Clock::now() - start).count();
    const auto* report = std::get_if<sctpdp::control::VerifyReport>(&verified);
    if (report == nullptr || report->identical != packets) {
      fmt::print(stderr, "verify did not accept every packet\n");
      return 1;
    }
    rates.push_back(static_cast<double>(packets) / seconds);
    fmt::print("sctpdp-pcap verify run {}: {:.2f} s, {:.0f} packets/s\n", run + 1, seconds,
               rates.back());
  }
  const double median = sctpdp::Median(rates);
  fmt::print("sctpdp-pcap verify median: {:.0f} packets/s\n", median);

  if (tshark) {
    const std::string command = fmt::format(
        "tshark -n -r '{}' -o sctp.checksum:CRC-32C -q -z expert,error > /dev/null 2>&1",
        capture.string());
    const auto start = sctpdp::Clock::now();
    const int status = std::system(command.c_str());
    const double seconds = std::chrono::duration<double>(sctpdp::Clock::now() - start).count();
    if (status != 0) {
      fmt::print(stderr, "tshark failed ({})\n", status);
    } else {
      const double rate = static_cast<double>(packets) / seconds;
      fmt::print("tshark -o sctp.checksum:CRC-32C: {:.2f} s, {:.0f} packets/s\n", seconds, rate);
      fmt::print("ratio sctpdp-pcap verify / tshark: {:.1f}x\n", median / rate);
    }
  }
  std::filesystem::remove_all(dir);
  return 0;
}
