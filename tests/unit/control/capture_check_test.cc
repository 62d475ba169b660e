#include "control/pcap/capture_check.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <string>
#include <vector>

#include "control/pcap/capture_writer.h"
#include "dataplane/sctp/packet/chunk/data_chunk.h"
#include "dataplane/sctp/packet/packet_writer.h"
#include "tests/unit/control/temp_dir.h"

namespace sctpdp::control {
namespace {

using testing::TempDir;

const IpAddress kA = IpAddress::FromIpv4({198, 18, 0, 1});
const IpAddress kB = IpAddress::FromIpv4({198, 18, 0, 2});

// A packet with one DATA chunk carrying "hello", checksum right.
std::vector<uint8_t> DataPacket() {
  static const std::array<uint8_t, 5> kHello = {'h', 'e', 'l', 'l', 'o'};
  std::array<uint8_t, 64> buffer{};
  PacketWriter writer(buffer, CommonHeader{.source_port = Port(3868),
                                           .destination_port = Port(3868),
                                           .verification_tag = VerificationTag(0x01020304)});
  writer.Append(DataChunk{.flags = {.beginning = true, .end = true},
                          .tsn = Tsn(10),
                          .stream_id = StreamId(1),
                          .ssn = Ssn(0),
                          .ppid = Ppid(46),
                          .payload = kHello});
  std::span<uint8_t> packet = writer.Finish();
  return {packet.begin(), packet.end()};
}

std::string WriteCapture(const TempDir& dir, const std::vector<std::vector<uint8_t>>& packets) {
  const std::string path = dir.File("check.pcap");
  auto created = CaptureWriter::Create(path);
  auto& writer = std::get<CaptureWriter>(created);
  CaptureTime time{};
  for (const auto& packet : packets) writer.Write(WrapSctpInEthernet(packet, kA, kB), time);
  EXPECT_FALSE(writer.Close().has_value());
  return path;
}

TEST(CaptureCheckTest, CountsIdenticalAndRejectedPackets) {
  TempDir dir;
  std::vector<uint8_t> good = DataPacket();
  std::vector<uint8_t> bad_checksum = good;
  bad_checksum[8] ^= 0xff;
  // Right checksum and framing, but the 19-byte chunk is now an INIT, whose
  // fixed part alone is 20 bytes (RFC 9260 section 3.3.2).
  std::vector<uint8_t> malformed = good;
  malformed[12] = 1;
  WriteSctpChecksum(malformed);

  auto verified = VerifyCapture(WriteCapture(dir, {good, bad_checksum, malformed}), {});
  ASSERT_TRUE(std::holds_alternative<VerifyReport>(verified));
  const VerifyReport& report = std::get<VerifyReport>(verified);
  EXPECT_EQ(report.packets, 3u);
  EXPECT_EQ(report.identical, 1u);
  EXPECT_EQ(report.rejected, 2u);
  EXPECT_EQ(report.bad_checksum, 1u);
  EXPECT_EQ(report.failures, 1u);  // only the malformed one makes verify fail
  EXPECT_EQ(report.chunks_by_type[0], 1u);  // checksum failures are not looked into
  EXPECT_EQ(report.chunks_by_type[1], 1u);
  ASSERT_EQ(report.rejections.size(), 2u);
  EXPECT_NE(report.rejections[0].find("frame 2"), std::string::npos) << report.rejections[0];
  EXPECT_NE(report.rejections[0].find("bad checksum"), std::string::npos);
  EXPECT_NE(report.rejections[1].find("frame 3"), std::string::npos) << report.rejections[1];
  EXPECT_NE(report.rejections[1].find("parse error: chunk 0 (INIT)"), std::string::npos)
      << report.rejections[1];

  std::FILE* out = std::tmpfile();
  PrintVerifyReport(report, out);
  std::rewind(out);
  std::string text(4096, '\0');
  text.resize(std::fread(text.data(), 1, text.size(), out));
  std::fclose(out);
  EXPECT_NE(text.find("3 packets, 1 identical, 2 rejected\n"), std::string::npos) << text;
}

TEST(CaptureCheckTest, NamesTheChunkWhereARewriteDiffers) {
  // Non-zero padding is ignored on receipt (RFC 9260 section 3.2), so the
  // packet parses but cannot be written back byte for byte.
  TempDir dir;
  std::vector<uint8_t> padded = DataPacket();
  padded.back() = 0x7f;
  WriteSctpChecksum(padded);
  auto verified = VerifyCapture(WriteCapture(dir, {padded}), {});
  const VerifyReport& report = std::get<VerifyReport>(verified);
  EXPECT_EQ(report.failures, 1u);
  ASSERT_EQ(report.rejections.size(), 1u);
  EXPECT_NE(report.rejections[0].find("non-zero padding"), std::string::npos)
      << report.rejections[0];
}

TEST(CaptureCheckTest, ReportsAnUnreadableFile) {
  auto verified = VerifyCapture("/nonexistent/capture.pcap", {});
  ASSERT_TRUE(std::holds_alternative<std::string>(verified));
  EXPECT_NE(std::get<std::string>(verified).find("No such file"), std::string::npos);
}

TEST(CaptureCheckTest, DumpsOneLinePerPacket) {
  TempDir dir;
  std::FILE* out = std::tmpfile();
  auto dumped = DumpCapture(WriteCapture(dir, {DataPacket()}), {}, out);
  ASSERT_TRUE(std::holds_alternative<uint64_t>(dumped));
  EXPECT_EQ(std::get<uint64_t>(dumped), 1u);
  std::rewind(out);
  std::string text(4096, '\0');
  text.resize(std::fread(text.data(), 1, text.size(), out));
  std::fclose(out);
  EXPECT_EQ(text,
            "1 198.18.0.1 > 198.18.0.2 sctp 3868 > 3868 vtag=0x01020304 "
            "[DATA tsn=10 sid=1 ssn=0 ppid=46 len=5 flags=BE]\n");
}

}  // namespace
}  // namespace sctpdp::control
