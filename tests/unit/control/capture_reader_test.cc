#include "control/pcap/capture_reader.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "control/pcap/capture_writer.h"
#include "tests/unit/control/temp_dir.h"

namespace sctpdp::control {
namespace {

using Bytes = std::vector<uint8_t>;
using ::sctpdp::control::testing::TempDir;
using namespace std::chrono_literals;

const Bytes kSctp = {0x13, 0x88, 0x13, 0x89, 0x01, 0x02, 0x03, 0x04,
                     0xaa, 0xbb, 0xcc, 0xdd, 0x0b, 0x00, 0x00, 0x04};
const IpAddress kV4Source = IpAddress::FromIpv4({192, 0, 2, 1});
const IpAddress kV4Destination = IpAddress::FromIpv4({198, 51, 100, 7});
const IpAddress kV6Source =
    IpAddress::FromIpv6({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0a});
const IpAddress kV6Destination =
    IpAddress::FromIpv6({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0b});

// 2023-11-14T22:13:20.123456789Z
const CaptureTime kTime{1700000000s + 123456789ns};

Bytes ToBytes(std::span<const uint8_t> span) { return Bytes(span.begin(), span.end()); }

CaptureReader OpenOrFail(const std::string& path) {
  std::variant<CaptureReader, std::string> reader = CaptureReader::Open(path);
  if (std::holds_alternative<std::string>(reader)) {
    ADD_FAILURE() << std::get<std::string>(reader);
    std::abort();
  }
  return std::move(std::get<CaptureReader>(reader));
}

CaptureWriter CreateOrFail(const std::string& path,
                           net::LinkType link_type = net::LinkType::kEthernet,
                           uint32_t snapshot_length = CaptureWriter::kDefaultSnapshotLength) {
  std::variant<CaptureWriter, std::string> writer =
      CaptureWriter::Create(path, link_type, snapshot_length);
  if (std::holds_alternative<std::string>(writer)) {
    ADD_FAILURE() << std::get<std::string>(writer);
    std::abort();
  }
  return std::move(std::get<CaptureWriter>(writer));
}

net::SctpSegment ExtractOrFail(net::LinkType link_type, std::span<const uint8_t> frame) {
  std::variant<net::SctpSegment, net::FrameSkipReason> result = net::ExtractSctp(link_type, frame);
  if (const auto* reason = std::get_if<net::FrameSkipReason>(&result)) {
    ADD_FAILURE() << "skipped: " << net::FrameSkipReasonName(*reason);
    return net::SctpSegment{};
  }
  return std::get<net::SctpSegment>(result);
}

void WriteFile(const std::string& path, const Bytes& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

Bytes ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Writes an IPv4 and an IPv6 frame to `path`.
void WriteTwoFrames(const std::string& path) {
  CaptureWriter writer = CreateOrFail(path);
  writer.Write(WrapSctpInEthernet(kSctp, kV4Source, kV4Destination), kTime);
  writer.Write(WrapSctpInEthernet(kSctp, kV6Source, kV6Destination), kTime + 1500ms + 1ns);
  ASSERT_EQ(writer.Close(), std::nullopt);
}

// Reads what WriteTwoFrames wrote, from a pcap file or a conversion of it.
void ExpectTwoFrames(CaptureReader& reader) {
  EXPECT_EQ(reader.link_type(), net::LinkType::kEthernet);
  EXPECT_EQ(reader.datalink(), DLT_EN10MB);

  std::optional<CapturedFrame> first = reader.Next();
  ASSERT_TRUE(first.has_value()) << reader.error();
  EXPECT_EQ(first->number, 1u);
  EXPECT_EQ(first->timestamp, kTime);
  EXPECT_EQ(ToBytes(first->data), WrapSctpInEthernet(kSctp, kV4Source, kV4Destination));
  EXPECT_EQ(first->original_length, 60u);
  EXPECT_FALSE(first->truncated());
  net::SctpSegment segment = ExtractOrFail(reader.link_type(), first->data);
  EXPECT_EQ(ToBytes(segment.sctp), kSctp);  // the Ethernet padding is cut
  EXPECT_EQ(segment.source, kV4Source);
  EXPECT_EQ(segment.destination, kV4Destination);

  std::optional<CapturedFrame> second = reader.Next();
  ASSERT_TRUE(second.has_value()) << reader.error();
  EXPECT_EQ(second->number, 2u);
  EXPECT_EQ(second->timestamp, kTime + 1500ms + 1ns);
  EXPECT_EQ(second->original_length, 14u + 40u + 16u);
  segment = ExtractOrFail(reader.link_type(), second->data);
  EXPECT_EQ(ToBytes(segment.sctp), kSctp);
  EXPECT_EQ(segment.source, kV6Source);
  EXPECT_EQ(segment.destination, kV6Destination);

  EXPECT_FALSE(reader.Next().has_value());
  EXPECT_EQ(reader.error(), "");
  EXPECT_FALSE(reader.Next().has_value());  // stays at the end
  EXPECT_EQ(reader.error(), "");
}

TEST(CaptureReaderTest, ReadsWhatTheWriterWrote) {
  TempDir dir;
  const std::string path = dir.File("two.pcap");
  WriteTwoFrames(path);
  CaptureReader reader = OpenOrFail(path);
  EXPECT_EQ(reader.snapshot_length(), CaptureWriter::kDefaultSnapshotLength);
  ExpectTwoFrames(reader);
}

TEST(CaptureReaderTest, ReadsPcapngConvertedByEditcap) {
  const char* editcap = std::getenv("EDITCAP");
  if (editcap == nullptr || *editcap == '\0') {
    GTEST_SKIP() << "editcap (Wireshark) not found when the build was configured";
  }
  TempDir dir;
  const std::string pcap = dir.File("two.pcap");
  const std::string pcapng = dir.File("two.pcapng");
  WriteTwoFrames(pcap);
  const std::string command = std::string(editcap) + " -F pcapng '" + pcap + "' '" + pcapng + "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  const Bytes converted = ReadFile(pcapng);
  // A pcapng file starts with a Section Header Block, type 0x0a0d0d0a.
  ASSERT_GE(converted.size(), 4u);
  EXPECT_EQ(Bytes(converted.begin(), converted.begin() + 4), (Bytes{0x0a, 0x0d, 0x0d, 0x0a}));
  CaptureReader reader = OpenOrFail(pcapng);
  ExpectTwoFrames(reader);
}

TEST(CaptureReaderTest, ReadsCheckedInEthernetPcapng) {
  // Written byte by byte by tests/data/make_captures.py.
  CaptureReader reader = OpenOrFail(SCTPDP_TEST_DATA_DIR "/sctp-ethernet.pcapng");
  EXPECT_EQ(reader.link_type(), net::LinkType::kEthernet);
  const CaptureTime base{1700000000s + 123456789ns};

  // 1: IPv4 INIT, its CRC32c right.
  std::optional<CapturedFrame> frame = reader.Next();
  ASSERT_TRUE(frame.has_value()) << reader.error();
  EXPECT_EQ(frame->timestamp, base);
  net::SctpSegment segment = ExtractOrFail(reader.link_type(), frame->data);
  EXPECT_EQ(segment.ToString(), "10.0.0.1 > 10.0.0.2");
  const Bytes init = {0x13, 0x88, 0x13, 0x89, 0x00, 0x00, 0x00, 0x00, 0x56, 0x89, 0x1e,
                      0xf2, 0x01, 0x00, 0x00, 0x14, 0x11, 0x22, 0x33, 0x44, 0x00, 0x01,
                      0x00, 0x00, 0x00, 0x0a, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x01};
  EXPECT_EQ(ToBytes(segment.sctp), init);

  // 2: 802.1Q VLAN 100, IPv6, DATA.
  frame = reader.Next();
  ASSERT_TRUE(frame.has_value()) << reader.error();
  EXPECT_EQ(frame->timestamp, base + 1us);
  segment = ExtractOrFail(reader.link_type(), frame->data);
  EXPECT_EQ(segment.ToString(), "2001:db8::1 > 2001:db8::2");
  EXPECT_EQ(segment.sctp.size(), 36u);
  EXPECT_EQ(segment.sctp[12], 0);  // DATA

  // 3: ARP.
  frame = reader.Next();
  ASSERT_TRUE(frame.has_value()) << reader.error();
  EXPECT_EQ(frame->timestamp, base + 2ms);
  auto result = net::ExtractSctp(reader.link_type(), frame->data);
  ASSERT_TRUE(std::holds_alternative<net::FrameSkipReason>(result));
  EXPECT_EQ(std::get<net::FrameSkipReason>(result), net::FrameSkipReason::kNotIp);

  // 4: SACK in UDP (RFC 6951).
  frame = reader.Next();
  ASSERT_TRUE(frame.has_value()) << reader.error();
  EXPECT_EQ(frame->timestamp, base + 3s);
  segment = ExtractOrFail(reader.link_type(), frame->data);
  EXPECT_EQ(segment.ToString(), "10.0.0.2 > 10.0.0.1 udp 9899 > 9899");
  EXPECT_EQ(segment.sctp.size(), 28u);
  EXPECT_EQ(segment.sctp[12], 3);  // SACK

  // 5: frame 1 cut to 40 bytes by the snapshot length.
  frame = reader.Next();
  ASSERT_TRUE(frame.has_value()) << reader.error();
  EXPECT_EQ(frame->number, 5u);
  EXPECT_EQ(frame->timestamp, base + 3s + 1ns);
  EXPECT_EQ(frame->data.size(), 40u);
  EXPECT_EQ(frame->original_length, 66u);
  EXPECT_TRUE(frame->truncated());
  result = net::ExtractSctp(reader.link_type(), frame->data);
  ASSERT_TRUE(std::holds_alternative<net::FrameSkipReason>(result));
  EXPECT_EQ(std::get<net::FrameSkipReason>(result), net::FrameSkipReason::kTruncated);

  EXPECT_FALSE(reader.Next().has_value());
  EXPECT_EQ(reader.error(), "");
}

TEST(CaptureReaderTest, ReadsCheckedInLinuxSll2Pcapng) {
  // Microsecond timestamps (if_tsresol 6), scaled to nanoseconds.
  CaptureReader reader = OpenOrFail(SCTPDP_TEST_DATA_DIR "/sctp-linux-sll2.pcapng");
  EXPECT_EQ(reader.link_type(), net::LinkType::kLinuxSll2);
  EXPECT_EQ(reader.datalink(), DLT_LINUX_SLL2);
  EXPECT_EQ(reader.snapshot_length(), 65535u);
  const CaptureTime base{1700000000s + 654321us};

  std::optional<CapturedFrame> frame = reader.Next();
  ASSERT_TRUE(frame.has_value()) << reader.error();
  EXPECT_EQ(frame->timestamp, base);
  net::SctpSegment segment = ExtractOrFail(reader.link_type(), frame->data);
  EXPECT_EQ(segment.ToString(), "2001:db8::1 > 2001:db8::2");
  EXPECT_EQ(segment.sctp[12], 0);  // DATA

  frame = reader.Next();
  ASSERT_TRUE(frame.has_value()) << reader.error();
  EXPECT_EQ(frame->timestamp, base + 250us);
  segment = ExtractOrFail(reader.link_type(), frame->data);
  EXPECT_EQ(segment.ToString(), "10.0.0.2 > 10.0.0.1");
  EXPECT_EQ(segment.sctp[12], 3);  // SACK

  EXPECT_FALSE(reader.Next().has_value());
  EXPECT_EQ(reader.error(), "");
}

TEST(CaptureReaderTest, FramesCutBySnapshotLength) {
  TempDir dir;
  const std::string path = dir.File("short.pcap");
  const Bytes frame = WrapSctpInEthernet(Bytes(100, 0x42), kV4Source, kV4Destination);
  {
    CaptureWriter writer = CreateOrFail(path, net::LinkType::kEthernet, 64);
    writer.Write(frame, kTime);  // cut by the writer's snapshot length
    writer.Write(std::span<const uint8_t>(frame).first(20), kTime, 134);  // cut by the caller
    ASSERT_EQ(writer.Close(), std::nullopt);
  }
  CaptureReader reader = OpenOrFail(path);
  EXPECT_EQ(reader.snapshot_length(), 64u);
  for (size_t captured : {64u, 20u}) {
    std::optional<CapturedFrame> read = reader.Next();
    ASSERT_TRUE(read.has_value()) << reader.error();
    EXPECT_EQ(ToBytes(read->data), Bytes(frame.begin(), frame.begin() + captured));
    EXPECT_EQ(read->original_length, 134u);
    EXPECT_TRUE(read->truncated());
    auto result = net::ExtractSctp(reader.link_type(), read->data);
    ASSERT_TRUE(std::holds_alternative<net::FrameSkipReason>(result));
    EXPECT_EQ(std::get<net::FrameSkipReason>(result), net::FrameSkipReason::kTruncated);
  }
  EXPECT_FALSE(reader.Next().has_value());
}

TEST(CaptureReaderTest, EveryLinkTypeSurvivesTheFile) {
  TempDir dir;
  for (net::LinkType type :
       {net::LinkType::kEthernet, net::LinkType::kLinuxSll, net::LinkType::kLinuxSll2,
        net::LinkType::kRawIp, net::LinkType::kRawIpv4, net::LinkType::kRawIpv6,
        net::LinkType::kNull, net::LinkType::kLoopback}) {
    const std::string path = dir.File(std::string(net::LinkTypeName(type)) + ".pcap");
    {
      CaptureWriter writer = CreateOrFail(path, type);
      ASSERT_EQ(writer.Close(), std::nullopt);
    }
    CaptureReader reader = OpenOrFail(path);
    EXPECT_EQ(reader.link_type(), type) << net::LinkTypeName(type);
    EXPECT_FALSE(reader.Next().has_value());
    EXPECT_EQ(reader.error(), "");
  }
}

TEST(CaptureReaderTest, RawIpFramesRoundTrip) {
  TempDir dir;
  const std::string path = dir.File("raw.pcap");
  const Bytes frame = WrapSctpInEthernet(kSctp, kV6Source, kV6Destination);
  const Bytes ip(frame.begin() + 14, frame.end());
  {
    CaptureWriter writer = CreateOrFail(path, net::LinkType::kRawIp);
    writer.Write(ip, kTime);
    ASSERT_EQ(writer.Close(), std::nullopt);
  }
  CaptureReader reader = OpenOrFail(path);
  std::optional<CapturedFrame> read = reader.Next();
  ASSERT_TRUE(read.has_value()) << reader.error();
  net::SctpSegment segment = ExtractOrFail(reader.link_type(), read->data);
  EXPECT_EQ(ToBytes(segment.sctp), kSctp);
  EXPECT_EQ(segment.source, kV6Source);
}

TEST(CaptureReaderTest, FileCutInARecordIsAnError) {
  TempDir dir;
  const std::string path = dir.File("cut.pcap");
  WriteTwoFrames(path);
  std::filesystem::resize_file(path, std::filesystem::file_size(path) - 5);
  CaptureReader reader = OpenOrFail(path);
  ASSERT_TRUE(reader.Next().has_value());
  EXPECT_FALSE(reader.Next().has_value());
  EXPECT_NE(reader.error().find("truncated"), std::string::npos) << reader.error();
  EXPECT_NE(reader.error().find("after frame 1"), std::string::npos) << reader.error();
  EXPECT_NE(reader.error().find(path), std::string::npos) << reader.error();
  EXPECT_FALSE(reader.Next().has_value());
}

TEST(CaptureReaderTest, UnsupportedLinkTypeNamesTheDlt) {
  TempDir dir;
  const std::string path = dir.File("wifi.pcap");
  // A pcap file header written by hand (little-endian): magic, version 2.4,
  // zone 0, sigfigs 0, snapshot length 65535, LINKTYPE_IEEE802_11 (105).
  WriteFile(path, {0xd4, 0xc3, 0xb2, 0xa1, 0x02, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00,
                   0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00, 0x69, 0x00, 0x00, 0x00});
  std::variant<CaptureReader, std::string> reader = CaptureReader::Open(path);
  ASSERT_TRUE(std::holds_alternative<std::string>(reader));
  const std::string& error = std::get<std::string>(reader);
  EXPECT_NE(error.find("DLT_IEEE802_11 (802.11, 105)"), std::string::npos) << error;
  EXPECT_NE(error.find("not supported"), std::string::npos) << error;
  EXPECT_NE(error.find(path), std::string::npos) << error;
}

TEST(CaptureReaderTest, MissingFile) {
  TempDir dir;
  const std::string path = dir.File("nothing.pcap");
  std::variant<CaptureReader, std::string> reader = CaptureReader::Open(path);
  ASSERT_TRUE(std::holds_alternative<std::string>(reader));
  EXPECT_NE(std::get<std::string>(reader).find(path), std::string::npos);
}

TEST(CaptureReaderTest, NotACapture) {
  TempDir dir;
  const std::string path = dir.File("text.pcap");
  WriteFile(path, Bytes(64, 'x'));
  std::variant<CaptureReader, std::string> reader = CaptureReader::Open(path);
  ASSERT_TRUE(std::holds_alternative<std::string>(reader));
  EXPECT_NE(std::get<std::string>(reader).find("cannot read capture"), std::string::npos);
}

}  // namespace
}  // namespace sctpdp::control
