#include "control/pcap/datalink.h"

#include <fmt/format.h>
#include <pcap/pcap.h>

namespace sctpdp::control {

std::optional<net::LinkType> LinkTypeFromDatalink(int dlt) {
  switch (dlt) {
    case DLT_EN10MB:
      return net::LinkType::kEthernet;
    case DLT_LINUX_SLL:
      return net::LinkType::kLinuxSll;
    case DLT_LINUX_SLL2:
      return net::LinkType::kLinuxSll2;
    case DLT_RAW:
      return net::LinkType::kRawIp;
    case DLT_IPV4:
      return net::LinkType::kRawIpv4;
    case DLT_IPV6:
      return net::LinkType::kRawIpv6;
    case DLT_NULL:
      return net::LinkType::kNull;
    case DLT_LOOP:
      return net::LinkType::kLoopback;
    default:
      return std::nullopt;
  }
}

int DatalinkFromLinkType(net::LinkType link_type) {
  switch (link_type) {
    case net::LinkType::kEthernet:
      return DLT_EN10MB;
    case net::LinkType::kLinuxSll:
      return DLT_LINUX_SLL;
    case net::LinkType::kLinuxSll2:
      return DLT_LINUX_SLL2;
    case net::LinkType::kRawIp:
      return DLT_RAW;
    case net::LinkType::kRawIpv4:
      return DLT_IPV4;
    case net::LinkType::kRawIpv6:
      return DLT_IPV6;
    case net::LinkType::kNull:
      return DLT_NULL;
    case net::LinkType::kLoopback:
      return DLT_LOOP;
  }
  return DLT_EN10MB;
}

std::string DatalinkName(int dlt) {
  const char* name = pcap_datalink_val_to_name(dlt);
  if (name == nullptr) return fmt::format("DLT {}", dlt);
  const char* description = pcap_datalink_val_to_description(dlt);
  return fmt::format("DLT_{} ({}, {})", name, description != nullptr ? description : "?", dlt);
}

}  // namespace sctpdp::control
