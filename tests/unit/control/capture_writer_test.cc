#include "control/pcap/capture_writer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <vector>

#include "dataplane/net/frame.h"
#include "dataplane/net/ipv4.h"
#include "tests/unit/control/temp_dir.h"

namespace sctpdp::control {
namespace {

using Bytes = std::vector<uint8_t>;
using ::sctpdp::control::testing::TempDir;

// A 16-byte SCTP packet: common header and a COOKIE ACK.
const Bytes kSctp = {0x13, 0x88, 0x13, 0x89, 0x01, 0x02, 0x03, 0x04,
                     0xaa, 0xbb, 0xcc, 0xdd, 0x0b, 0x00, 0x00, 0x04};

const IpAddress kV4Source = IpAddress::FromIpv4({10, 0, 0, 1});
const IpAddress kV4Destination = IpAddress::FromIpv4({10, 0, 0, 2});
const IpAddress kV6Source =
    IpAddress::FromIpv6({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01});
const IpAddress kV6Destination =
    IpAddress::FromIpv6({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02});

Bytes Concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

TEST(WrapSctpInEthernetTest, Ipv4BytesByHand) {
  const Bytes ethernet = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02,
                          0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00};
  // Total length 36, DF, TTL 64, protocol 132; checksum 0x2654 worked out
  // by hand (ones' complement of 0xd9ab).
  const Bytes ipv4 = {0x45, 0x00, 0x00, 0x24, 0x00, 0x00, 0x40, 0x00, 0x40, 0x84,
                      0x26, 0x54, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02};
  const Bytes padding(10, 0);  // 50 bytes up to the 60-byte minimum
  EXPECT_EQ(WrapSctpInEthernet(kSctp, kV4Source, kV4Destination),
            Concat({ethernet, ipv4, kSctp, padding}));
}

TEST(WrapSctpInEthernetTest, Ipv6BytesByHand) {
  const Bytes ethernet = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02,
                          0x00, 0x00, 0x00, 0x00, 0x01, 0x86, 0xdd};
  // Payload length 16, next header 132, hop limit 64.
  const Bytes ipv6 = {0x60, 0x00, 0x00, 0x00, 0x00, 0x10, 0x84, 0x40, 0x20, 0x01,
                      0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                      0x00, 0x00, 0x00, 0x01, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00,
                      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02};
  EXPECT_EQ(WrapSctpInEthernet(kSctp, kV6Source, kV6Destination), Concat({ethernet, ipv6, kSctp}));
}

TEST(WrapSctpInEthernetTest, LargePacketsAreNotPadded) {
  Bytes sctp = kSctp;
  sctp.resize(1452, 0x5a);
  const Bytes frame = WrapSctpInEthernet(sctp, kV4Source, kV4Destination);
  EXPECT_EQ(frame.size(), 14u + 20u + 1452u);
  net::DecodeResult<net::Ipv4Packet> ip =
      net::Ipv4Packet::Decode(std::span<const uint8_t>(frame).subspan(14));
  ASSERT_TRUE(ip.ok());
  EXPECT_EQ(ip->total_length, 1472);
  EXPECT_TRUE(ip->header_checksum_valid);
  auto segment = net::ExtractSctp(net::LinkType::kEthernet, frame);
  ASSERT_TRUE(std::holds_alternative<net::SctpSegment>(segment));
  const std::span<const uint8_t> found = std::get<net::SctpSegment>(segment).sctp;
  EXPECT_EQ(Bytes(found.begin(), found.end()), sctp);
}

TEST(WrapSctpInEthernetTest, LargestPackets) {
  const Bytes ipv4_max(65515, 0x11);
  EXPECT_EQ(WrapSctpInEthernet(ipv4_max, kV4Source, kV4Destination).size(), 14u + 65535u);
  const Bytes ipv6_max(65535, 0x22);
  EXPECT_EQ(WrapSctpInEthernet(ipv6_max, kV6Source, kV6Destination).size(), 14u + 40u + 65535u);
}

TEST(WrapSctpInEthernetDeathTest, RejectsWhatTheHeadersCannotSay) {
  EXPECT_DEATH(WrapSctpInEthernet(kSctp, kV4Source, kV6Destination), "");
  EXPECT_DEATH(WrapSctpInEthernet(Bytes(65516, 0), kV4Source, kV4Destination), "");
  EXPECT_DEATH(WrapSctpInEthernet(Bytes(65536, 0), kV6Source, kV6Destination), "");
}

TEST(CaptureWriterTest, CreateFailsInAMissingDirectory) {
  TempDir dir;
  const std::string path = dir.File("missing/out.pcap");
  std::variant<CaptureWriter, std::string> writer = CaptureWriter::Create(path);
  ASSERT_TRUE(std::holds_alternative<std::string>(writer));
  EXPECT_NE(std::get<std::string>(writer).find(path), std::string::npos)
      << std::get<std::string>(writer);
}

TEST(CaptureWriterTest, WritesAPcapFileHeader) {
  TempDir dir;
  const std::string path = dir.File("out.pcap");
  {
    std::variant<CaptureWriter, std::string> writer =
        CaptureWriter::Create(path, net::LinkType::kLinuxSll2, 1500);
    ASSERT_TRUE(std::holds_alternative<CaptureWriter>(writer));
    EXPECT_EQ(std::get<CaptureWriter>(writer).Close(), std::nullopt);
    EXPECT_EQ(std::get<CaptureWriter>(writer).Close(), std::nullopt);  // again: nothing to do
  }
  FILE* file = std::fopen(path.c_str(), "rb");
  ASSERT_NE(file, nullptr);
  uint8_t header[24] = {};
  const size_t read = std::fread(header, 1, sizeof(header), file);
  const bool at_end = std::fgetc(file) == EOF;
  std::fclose(file);
  ASSERT_EQ(read, 24u);
  EXPECT_TRUE(at_end);
  // The pcap file header in the writer's byte order: the nanosecond magic
  // 0xa1b23c4d, version 2.4, snapshot length 1500, LINKTYPE_LINUX_SLL2 (276).
  uint32_t magic = 0;
  uint16_t major = 0;
  uint16_t minor = 0;
  uint32_t snapshot_length = 0;
  uint32_t link_type = 0;
  std::memcpy(&magic, header, 4);
  std::memcpy(&major, header + 4, 2);
  std::memcpy(&minor, header + 6, 2);
  std::memcpy(&snapshot_length, header + 16, 4);
  std::memcpy(&link_type, header + 20, 4);
  EXPECT_EQ(magic, 0xa1b23c4du);
  EXPECT_EQ(major, 2);
  EXPECT_EQ(minor, 4);
  EXPECT_EQ(snapshot_length, 1500u);
  EXPECT_EQ(link_type, 276u);
}

}  // namespace
}  // namespace sctpdp::control
