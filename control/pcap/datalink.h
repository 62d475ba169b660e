#pragma once

#include <optional>
#include <string>

#include "dataplane/net/frame.h"

namespace sctpdp::control {

// The link type of a libpcap DLT_ value (pcap_datalink), if the frame
// decoders read it: DLT_EN10MB, DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_RAW,
// DLT_IPV4, DLT_IPV6, DLT_NULL and DLT_LOOP.
std::optional<net::LinkType> LinkTypeFromDatalink(int dlt);

// The DLT_ value libpcap writes for a link type.
int DatalinkFromLinkType(net::LinkType link_type);

// "DLT_IEEE802_11 (802.11, 105)", or "DLT 4711" for a value libpcap does
// not know.
std::string DatalinkName(int dlt);

}  // namespace sctpdp::control
