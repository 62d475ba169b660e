#include "control/pcap/capture_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "control/pcap/datalink.h"
#include "dataplane/net/ethernet.h"
#include "dataplane/net/ipv4.h"
#include "dataplane/net/ipv6.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"

namespace sctpdp::control {

namespace {

constexpr size_t kMinEthernetFrame = 60;  // 64 on the wire, less the 4-byte FCS
constexpr uint8_t kTimeToLive = 64;

}  // namespace

std::variant<CaptureWriter, std::string> CaptureWriter::Create(const std::string& path,
                                                               net::LinkType link_type,
                                                               uint32_t snapshot_length) {
  std::unique_ptr<pcap_t, PcapCloser> pcap(pcap_open_dead_with_tstamp_precision(
      DatalinkFromLinkType(link_type), static_cast<int>(snapshot_length),
      PCAP_TSTAMP_PRECISION_NANO));
  if (pcap == nullptr) return fmt::format("cannot create capture {}: out of memory", path);
  std::unique_ptr<pcap_dumper_t, DumperCloser> dumper(pcap_dump_open(pcap.get(), path.c_str()));
  if (dumper == nullptr) {
    return fmt::format("cannot create capture {}: {}", path, pcap_geterr(pcap.get()));
  }
  return CaptureWriter(std::move(pcap), std::move(dumper), snapshot_length, path);
}

CaptureWriter::CaptureWriter(std::unique_ptr<pcap_t, PcapCloser> pcap,
                             std::unique_ptr<pcap_dumper_t, DumperCloser> dumper,
                             uint32_t snapshot_length, std::string path)
    : pcap_(std::move(pcap)),
      dumper_(std::move(dumper)),
      snapshot_length_(snapshot_length),
      path_(std::move(path)) {}

CaptureWriter::~CaptureWriter() = default;

void CaptureWriter::Write(std::span<const uint8_t> frame, CaptureTime timestamp) {
  Write(frame, timestamp, static_cast<uint32_t>(frame.size()));
}

void CaptureWriter::Write(std::span<const uint8_t> captured, CaptureTime timestamp,
                          uint32_t original_length) {
  if (dumper_ == nullptr) std::abort();  // written after Close()
  const std::span<const uint8_t> stored =
      captured.first(std::min<size_t>(captured.size(), snapshot_length_));
  const auto since_epoch = timestamp.time_since_epoch();
  const auto seconds = std::chrono::floor<std::chrono::seconds>(since_epoch);
  pcap_pkthdr header{};
  header.ts.tv_sec = static_cast<time_t>(seconds.count());
  // With nanosecond precision libpcap stores tv_usec as nanoseconds.
  header.ts.tv_usec = static_cast<suseconds_t>((since_epoch - seconds).count());
  header.caplen = static_cast<uint32_t>(stored.size());
  header.len = std::max<uint32_t>(original_length, header.caplen);
  pcap_dump(reinterpret_cast<u_char*>(dumper_.get()), &header, stored.data());
}

std::optional<std::string> CaptureWriter::Close() {
  if (dumper_ == nullptr) return std::nullopt;
  std::optional<std::string> error;
  if (pcap_dump_flush(dumper_.get()) != 0) {
    error = fmt::format("cannot write capture {}: {}", path_, std::strerror(errno));
  }
  dumper_.reset();
  return error;
}

std::vector<uint8_t> WrapSctpInEthernet(std::span<const uint8_t> sctp, const IpAddress& source,
                                        const IpAddress& destination) {
  if (source.family != destination.family) std::abort();
  const bool ipv4 = source.family == IpAddress::Family::kIpv4;
  const size_t ip_header_size =
      ipv4 ? net::Ipv4Packet::kMinHeaderSize : net::Ipv6Packet::kHeaderSize;
  const size_t length_field = ipv4 ? ip_header_size + sctp.size() : sctp.size();
  if (length_field > 0xFFFF) std::abort();

  const size_t size = net::EthernetFrame::kHeaderSize + ip_header_size + sctp.size();
  std::vector<uint8_t> frame(std::max(size, kMinEthernetFrame), 0);
  BoundedByteWriter<net::EthernetFrame::kHeaderSize> ethernet(frame);
  ethernet.StoreBytes<0, 6>(kWrapDestinationMac);
  ethernet.StoreBytes<6, 6>(kWrapSourceMac);
  ethernet.Store16<12>(ipv4 ? net::kEtherTypeIpv4 : net::kEtherTypeIpv6);
  const std::span<uint8_t> ip = ethernet.variable_data().first(ip_header_size + sctp.size());

  if (ipv4) {
    BoundedByteWriter<net::Ipv4Packet::kMinHeaderSize> header(ip);
    header.Store8<0>(0x45);  // version 4, IHL 5
    header.Store16<2>(static_cast<uint16_t>(length_field));
    header.Store16<6>(0x4000);  // DF: SCTP does its own path MTU discovery
    header.Store8<8>(kTimeToLive);
    header.Store8<9>(net::kIpProtocolSctp);
    header.StoreBytes<12, 4>(std::span<const uint8_t, 4>(source.bytes.data(), 4));
    header.StoreBytes<16, 4>(std::span<const uint8_t, 4>(destination.bytes.data(), 4));
    header.Store16<10>(net::InternetChecksum(ip.first(ip_header_size)));
    header.CopyToVariableData(sctp);
  } else {
    BoundedByteWriter<net::Ipv6Packet::kHeaderSize> header(ip);
    header.Store32<0>(0x60000000);  // version 6, traffic class 0, no flow label
    header.Store16<4>(static_cast<uint16_t>(length_field));
    header.Store8<6>(net::kIpProtocolSctp);
    header.Store8<7>(kTimeToLive);
    header.StoreBytes<8, 16>(std::span<const uint8_t, 16>(source.bytes));
    header.StoreBytes<24, 16>(std::span<const uint8_t, 16>(destination.bytes));
    header.CopyToVariableData(sctp);
  }
  return frame;
}

}  // namespace sctpdp::control
