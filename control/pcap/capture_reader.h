#pragma once

#include <pcap/pcap.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>

#include "dataplane/net/frame.h"

namespace sctpdp::control {

// Capture timestamps: nanoseconds since the Unix epoch (pcapng files may
// carry that resolution; microsecond files are scaled up).
using CaptureTime = std::chrono::sys_time<std::chrono::nanoseconds>;

struct CapturedFrame {
  uint64_t number = 0;  // 1 for the first frame, as Wireshark numbers them
  CaptureTime timestamp;
  // The bytes the capture holds. Valid until the next call to Next().
  std::span<const uint8_t> data;
  // The frame's length on the wire; more than data.size() when the capture
  // cut it short (its snapshot length).
  uint32_t original_length = 0;

  bool truncated() const { return original_length > data.size(); }
};

// Reads a pcap or pcapng file (libpcap tells them apart) frame by frame.
// Owns the libpcap handle; movable, not copyable.
class CaptureReader {
 public:
  // Opens `path` ("-" reads standard input). Fails with a readable message
  // when the file cannot be opened or read as a capture, or when its link
  // type is none of those net::LinkType covers.
  static std::variant<CaptureReader, std::string> Open(const std::string& path);

  CaptureReader(CaptureReader&&) noexcept = default;
  CaptureReader& operator=(CaptureReader&&) noexcept = default;

  net::LinkType link_type() const { return link_type_; }
  int datalink() const;  // the DLT_ value
  uint32_t snapshot_length() const;

  // The next frame, or nullopt at the end of the capture or on a read error;
  // error() tells the two apart.
  std::optional<CapturedFrame> Next();

  // Empty while reading and after a clean end; otherwise why reading stopped
  // (for example a file cut in the middle of a record).
  const std::string& error() const { return error_; }

 private:
  struct PcapCloser {
    void operator()(pcap_t* pcap) const { pcap_close(pcap); }
  };

  CaptureReader(std::unique_ptr<pcap_t, PcapCloser> pcap, net::LinkType link_type,
                std::string path);

  std::unique_ptr<pcap_t, PcapCloser> pcap_;
  net::LinkType link_type_;
  std::string path_;
  uint64_t frames_read_ = 0;
  bool done_ = false;
  std::string error_;
};

}  // namespace sctpdp::control
