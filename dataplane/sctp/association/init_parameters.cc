#include "dataplane/sctp/association/init_parameters.h"

#include <algorithm>

#include "dataplane/sctp/packet/parameter/cookie_preservative_parameter.h"
#include "dataplane/sctp/packet/parameter/forward_tsn_supported_parameter.h"
#include "dataplane/sctp/packet/parameter/ipv4_address_parameter.h"
#include "dataplane/sctp/packet/parameter/ipv6_address_parameter.h"
#include "dataplane/sctp/packet/parameter/state_cookie_parameter.h"
#include "dataplane/sctp/packet/parameter/supported_extensions_parameter.h"
#include "dataplane/sctp/packet/wire_types.h"

namespace sctpdp {
namespace {

void AddAddress(InitParameters& out, const IpAddress& address) {
  if (std::find(out.addresses.begin(), out.addresses.end(), address) != out.addresses.end()) return;
  if (out.addresses.size() >= StateCookie::kMaxPeerAddresses) {
    ++out.dropped_addresses;
    return;
  }
  out.addresses.push_back(address);
}

template <typename Parameter>
std::optional<Parameter> ParseAs(std::span<const uint8_t> bytes, InitParameters& out) {
  ParseResult<Parameter> parsed = Parameter::Parse(bytes);
  if (!parsed.ok()) {
    out.malformed = true;
    return std::nullopt;
  }
  return std::move(parsed).value();
}

}  // namespace

InitParameters ReadInitParameters(const TlvList& parameters) {
  InitParameters out;
  for (const TlvList::Field& field : parameters) {
    const auto type = static_cast<ParameterType>(field.type);
    switch (type) {
      case ParameterType::kIpv4Address:
        if (auto p = ParseAs<Ipv4AddressParameter>(field.bytes, out)) {
          AddAddress(out, IpAddress::FromIpv4(p->address));
        }
        break;
      case ParameterType::kIpv6Address:
        if (auto p = ParseAs<Ipv6AddressParameter>(field.bytes, out)) {
          AddAddress(out, IpAddress::FromIpv6(p->address));
        }
        break;
      case ParameterType::kStateCookie:
        if (auto p = ParseAs<StateCookieParameter>(field.bytes, out)) out.state_cookie = p->cookie;
        break;
      case ParameterType::kCookiePreservative:
        if (auto p = ParseAs<CookiePreservativeParameter>(field.bytes, out)) {
          out.cookie_preservative_ms = p->increment_ms;
        }
        break;
      case ParameterType::kHostNameAddress:
        out.has_host_name = true;
        break;
      case ParameterType::kForwardTsnSupported:
        out.capabilities.forward_tsn_supported = true;
        break;
      case ParameterType::kSupportedExtensions:
        if (auto p = ParseAs<SupportedExtensionsParameter>(field.bytes, out)) {
          for (uint8_t chunk_type : p->chunk_types)
            out.capabilities.supported_extensions.set(chunk_type);
        }
        break;
      // Known, and nothing sctpdp acts on: the address types the peer
      // supports (sctpdp answers with the family the INIT came from), and
      // extensions it does not negotiate.
      case ParameterType::kSupportedAddressTypes:
      case ParameterType::kEcnCapable:
      case ParameterType::kZeroChecksumAcceptable:
      case ParameterType::kRandom:
      case ParameterType::kChunkList:
      case ParameterType::kRequestedHmacAlgorithm:
      case ParameterType::kPadding:
      case ParameterType::kAdaptationLayerIndication:
        break;
      default:
        // Section 3.2.1: the upper two bits of the type say what to do.
        switch (ActionOf(type)) {
          case UnknownParameterAction::kStopAndDiscard:
            return out;
          case UnknownParameterAction::kStopDiscardAndReport:
            out.unrecognized.push_back(field.bytes);
            return out;
          case UnknownParameterAction::kSkipAndContinue:
            break;
          case UnknownParameterAction::kSkipContinueAndReport:
            out.unrecognized.push_back(field.bytes);
            break;
        }
        break;
    }
  }
  return out;
}

StateCookie::Capabilities LocalCapabilities(const AssociationOptions& options) {
  StateCookie::Capabilities capabilities;
  if (options.enable_partial_reliability) {
    capabilities.forward_tsn_supported = true;
    capabilities.supported_extensions.set(static_cast<uint8_t>(ChunkType::kForwardTsn));
  }
  if (options.enable_interleaving) {
    capabilities.supported_extensions.set(static_cast<uint8_t>(ChunkType::kIData));
    if (options.enable_partial_reliability) {
      capabilities.supported_extensions.set(static_cast<uint8_t>(ChunkType::kIForwardTsn));
    }
  }
  return capabilities;
}

bool WriteLocalInitParameters(TlvListWriter& writer, std::span<const IpAddress> local_addresses,
                              const AssociationOptions& options,
                              std::optional<uint32_t> cookie_preservative_ms) {
  bool ok = true;
  if (local_addresses.size() > 1) {
    for (const IpAddress& address : local_addresses) {
      if (address.family == IpAddress::Family::kIpv4) {
        Ipv4AddressParameter parameter;
        std::copy_n(address.bytes.begin(), 4, parameter.address.begin());
        ok &= writer.Add(parameter);
      } else {
        ok &= writer.Add(Ipv6AddressParameter{.address = address.bytes});
      }
    }
  }
  if (cookie_preservative_ms) {
    ok &= writer.Add(CookiePreservativeParameter{.increment_ms = *cookie_preservative_ms});
  }
  const StateCookie::Capabilities capabilities = LocalCapabilities(options);
  std::array<uint8_t, 3> types{};
  size_t count = 0;
  for (ChunkType type : {ChunkType::kForwardTsn, ChunkType::kIData, ChunkType::kIForwardTsn}) {
    if (capabilities.Supports(type)) types[count++] = static_cast<uint8_t>(type);
  }
  if (count > 0) {
    ok &= writer.Add(
        SupportedExtensionsParameter{.chunk_types = std::span<const uint8_t>(types).first(count)});
  }
  if (capabilities.forward_tsn_supported) ok &= writer.Add(ForwardTsnSupportedParameter{});
  return ok;
}

StateCookie::PeerAddress ToCookieAddress(const IpAddress& address) {
  if (address.family == IpAddress::Family::kIpv4) {
    Ipv4AddressParameter parameter;
    std::copy_n(address.bytes.begin(), 4, parameter.address.begin());
    return parameter;
  }
  return Ipv6AddressParameter{.address = address.bytes};
}

IpAddress FromCookieAddress(const StateCookie::PeerAddress& address) {
  if (const auto* v4 = std::get_if<Ipv4AddressParameter>(&address)) {
    return IpAddress::FromIpv4(v4->address);
  }
  return IpAddress::FromIpv6(std::get<Ipv6AddressParameter>(address).address);
}

}  // namespace sctpdp
