#pragma once

#include <pcap/pcap.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "control/pcap/capture_reader.h"
#include "dataplane/net/frame.h"
#include "dataplane/sctp/common/ip_address.h"

namespace sctpdp::control {

// Writes a pcap file (nanosecond timestamps) through libpcap, for tests and
// tools that hand frames to Wireshark or tshark. Owns the libpcap handles;
// movable, not copyable. The file is complete after Close() or destruction.
class CaptureWriter {
 public:
  static constexpr uint32_t kDefaultSnapshotLength = 262144;  // libpcap's maximum

  static std::variant<CaptureWriter, std::string> Create(
      const std::string& path, net::LinkType link_type = net::LinkType::kEthernet,
      uint32_t snapshot_length = kDefaultSnapshotLength);

  CaptureWriter(CaptureWriter&&) noexcept = default;
  CaptureWriter& operator=(CaptureWriter&&) noexcept = default;
  ~CaptureWriter();

  // Appends a frame; bytes past the snapshot length are not stored, and the
  // record keeps the full length as its original length.
  void Write(std::span<const uint8_t> frame, CaptureTime timestamp);
  // Appends the first part of a frame that was `original_length` bytes long
  // (at least captured.size()), as a capture with a small snapshot length
  // would have stored it.
  void Write(std::span<const uint8_t> captured, CaptureTime timestamp, uint32_t original_length);

  // Flushes and closes the file; returns the error if writing failed. The
  // writer takes no frames after it.
  std::optional<std::string> Close();

 private:
  struct PcapCloser {
    void operator()(pcap_t* pcap) const { pcap_close(pcap); }
  };
  struct DumperCloser {
    void operator()(pcap_dumper_t* dumper) const { pcap_dump_close(dumper); }
  };

  CaptureWriter(std::unique_ptr<pcap_t, PcapCloser> pcap,
                std::unique_ptr<pcap_dumper_t, DumperCloser> dumper, uint32_t snapshot_length,
                std::string path);

  // Declared first so that it is destroyed after the dumper that uses it.
  std::unique_ptr<pcap_t, PcapCloser> pcap_;
  std::unique_ptr<pcap_dumper_t, DumperCloser> dumper_;
  uint32_t snapshot_length_ = kDefaultSnapshotLength;
  std::string path_;
};

// The MAC addresses WrapSctpInEthernet uses (locally administered).
inline constexpr std::array<uint8_t, 6> kWrapSourceMac = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
inline constexpr std::array<uint8_t, 6> kWrapDestinationMac = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02};

// An Ethernet II frame (kWrapSourceMac to kWrapDestinationMac) carrying the
// SCTP packet `sctp`, copied as is, in IPv4 (DF set, TTL 64, identification
// 0, header checksum filled in) or IPv6 (hop limit 64, no extension
// headers), padded with zeros to the 60-byte Ethernet minimum. `source` and
// `destination` must be of one family and the packet must fit the IP length
// field (65515 bytes in IPv4, 65535 in IPv6); otherwise this aborts.
std::vector<uint8_t> WrapSctpInEthernet(std::span<const uint8_t> sctp, const IpAddress& source,
                                        const IpAddress& destination);

}  // namespace sctpdp::control
