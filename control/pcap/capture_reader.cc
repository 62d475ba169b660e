#include "control/pcap/capture_reader.h"

#include <fmt/format.h>

#include <utility>

#include "control/pcap/datalink.h"

namespace sctpdp::control {

std::variant<CaptureReader, std::string> CaptureReader::Open(const std::string& path) {
  char error[PCAP_ERRBUF_SIZE] = {};
  // Nanosecond precision: libpcap then scales every file's timestamps to
  // nanoseconds instead of dropping digits of nanosecond pcapng files.
  std::unique_ptr<pcap_t, PcapCloser> pcap(
      pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, error));
  if (pcap == nullptr) return fmt::format("cannot read capture {}: {}", path, error);
  const int dlt = pcap_datalink(pcap.get());
  std::optional<net::LinkType> link_type = LinkTypeFromDatalink(dlt);
  if (!link_type) {
    return fmt::format(
        "capture {} has link type {}, which is not supported (supported: DLT_EN10MB, "
        "DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_RAW, DLT_IPV4, DLT_IPV6, DLT_NULL, DLT_LOOP)",
        path, DatalinkName(dlt));
  }
  return CaptureReader(std::move(pcap), *link_type, path);
}

CaptureReader::CaptureReader(std::unique_ptr<pcap_t, PcapCloser> pcap, net::LinkType link_type,
                             std::string path)
    : pcap_(std::move(pcap)), link_type_(link_type), path_(std::move(path)) {}

int CaptureReader::datalink() const { return pcap_datalink(pcap_.get()); }

uint32_t CaptureReader::snapshot_length() const {
  return static_cast<uint32_t>(pcap_snapshot(pcap_.get()));
}

std::optional<CapturedFrame> CaptureReader::Next() {
  if (done_) return std::nullopt;
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  const int result = pcap_next_ex(pcap_.get(), &header, &data);
  if (result == 1) {
    ++frames_read_;
    // With nanosecond precision, tv_usec holds nanoseconds.
    const CaptureTime timestamp{std::chrono::seconds(header->ts.tv_sec) +
                                std::chrono::nanoseconds(header->ts.tv_usec)};
    return CapturedFrame{.number = frames_read_,
                         .timestamp = timestamp,
                         .data = std::span<const uint8_t>(data, header->caplen),
                         .original_length = header->len};
  }
  done_ = true;
  if (result == PCAP_ERROR_BREAK) return std::nullopt;  // the end of the file
  error_ = fmt::format(
      "{}: after frame {}: {}", path_, frames_read_,
      result == PCAP_ERROR ? pcap_geterr(pcap_.get()) : fmt::format("libpcap returned {}", result));
  return std::nullopt;
}

}  // namespace sctpdp::control
