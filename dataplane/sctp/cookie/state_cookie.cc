#include "dataplane/sctp/cookie/state_cookie.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "dataplane/sctp/packet/bounded_byte_reader.h"
#include "dataplane/sctp/packet/bounded_byte_writer.h"

namespace sctpdp {
namespace {

constexpr uint8_t kFlagForwardTsn = 0x01;
constexpr uint8_t kFlagEcn = 0x02;
constexpr uint8_t kFlagZeroChecksum = 0x04;
constexpr uint8_t kFlagAdaptation = 0x08;
constexpr uint8_t kKnownFlags = kFlagForwardTsn | kFlagEcn | kFlagZeroChecksum | kFlagAdaptation;

constexpr uint8_t kFamilyIpv4 = 4;
constexpr uint8_t kFamilyIpv6 = 6;

ParseError CookieError(ParseErrorCode code, size_t offset) {
  return ParseError{.code = code,
                    .kind = WireKind::kParameter,
                    .type = static_cast<uint16_t>(ParameterType::kStateCookie),
                    .offset = static_cast<uint32_t>(offset)};
}

uint8_t FlagsOf(const StateCookie::Capabilities& caps) {
  return static_cast<uint8_t>((caps.forward_tsn_supported ? kFlagForwardTsn : 0) |
                              (caps.ecn_capable ? kFlagEcn : 0) |
                              (caps.zero_checksum_edmid ? kFlagZeroChecksum : 0) |
                              (caps.adaptation_code_point ? kFlagAdaptation : 0));
}

size_t AddressWireSize(const StateCookie::PeerAddress& address) {
  return std::holds_alternative<Ipv4AddressParameter>(address) ? 1 + 4 : 1 + 16;
}

size_t CapabilitiesWireSize(const StateCookie::Capabilities& caps) {
  return caps.supported_extensions.count() + (caps.zero_checksum_edmid ? 4 : 0) +
         (caps.adaptation_code_point ? 4 : 0);
}

// Offsets below count from the start of the variable part.
size_t WriteCapabilities(BoundedByteWriter<StateCookie::kFixedSize>& writer, size_t offset,
                         const StateCookie::Capabilities& caps) {
  for (size_t type = 0; type < caps.supported_extensions.size(); ++type) {
    if (caps.supported_extensions.test(type)) {
      writer.sub_writer<1>(offset++).Store8<0>(static_cast<uint8_t>(type));
    }
  }
  if (caps.zero_checksum_edmid) {
    writer.sub_writer<4>(offset).Store32<0>(*caps.zero_checksum_edmid);
    offset += 4;
  }
  if (caps.adaptation_code_point) {
    writer.sub_writer<4>(offset).Store32<0>(*caps.adaptation_code_point);
    offset += 4;
  }
  return offset;
}

// Reads one side's capabilities announced by `flags` with `count` extension
// types at `offset` of the variable part; advances `offset`.
std::optional<ParseError> ReadCapabilities(const BoundedByteReader<StateCookie::kFixedSize>& reader,
                                           uint8_t flags, size_t count, size_t& offset,
                                           StateCookie::Capabilities& caps) {
  const size_t available = reader.variable_data().size();
  const size_t size = count + ((flags & kFlagZeroChecksum) ? 4 : 0) +
                      ((flags & kFlagAdaptation) ? 4 : 0);
  if (available - offset < size) {
    return CookieError(ParseErrorCode::kTruncated, StateCookie::kFixedSize + available);
  }
  int previous = -1;
  for (size_t i = 0; i < count; ++i, ++offset) {
    const uint8_t type = reader.sub_reader<1>(offset).Load8<0>();
    // Written in ascending order from a set: anything else is not ours.
    if (type <= previous) {
      return CookieError(ParseErrorCode::kBadValue, StateCookie::kFixedSize + offset);
    }
    caps.supported_extensions.set(type);
    previous = type;
  }
  caps.forward_tsn_supported = (flags & kFlagForwardTsn) != 0;
  caps.ecn_capable = (flags & kFlagEcn) != 0;
  if (flags & kFlagZeroChecksum) {
    caps.zero_checksum_edmid = reader.sub_reader<4>(offset).Load32<0>();
    offset += 4;
  }
  if (flags & kFlagAdaptation) {
    caps.adaptation_code_point = reader.sub_reader<4>(offset).Load32<0>();
    offset += 4;
  }
  return std::nullopt;
}

std::string CapabilitiesToString(const StateCookie::Capabilities& caps) {
  std::string out = "ext=[";
  bool first = true;
  for (size_t type = 0; type < caps.supported_extensions.size(); ++type) {
    if (!caps.supported_extensions.test(type)) continue;
    out += fmt::format("{}{}", first ? "" : ",", type);
    first = false;
  }
  out += ']';
  if (caps.forward_tsn_supported) out += " fwd_tsn";
  if (caps.ecn_capable) out += " ecn";
  if (caps.zero_checksum_edmid) out += fmt::format(" zero_checksum={}", *caps.zero_checksum_edmid);
  if (caps.adaptation_code_point) {
    out += fmt::format(" adaptation=0x{:08x}", *caps.adaptation_code_point);
  }
  return out;
}

}  // namespace

ParseResult<StateCookie> StateCookie::Parse(std::span<const uint8_t> data) {
  if (data.size() < kFixedSize) return CookieError(ParseErrorCode::kTruncated, data.size());
  BoundedByteReader<kFixedSize> reader(data);
  if (reader.Load8<0>() != kVersion) return CookieError(ParseErrorCode::kBadValue, 0);
  const uint8_t address_count = reader.Load8<1>();
  if (address_count > kMaxPeerAddresses) return CookieError(ParseErrorCode::kBadValue, 1);
  const uint8_t local_flags = reader.Load8<14>();
  const uint8_t peer_flags = reader.Load8<15>();
  if ((local_flags & ~kKnownFlags) != 0) return CookieError(ParseErrorCode::kBadValue, 14);
  if ((peer_flags & ~kKnownFlags) != 0) return CookieError(ParseErrorCode::kBadValue, 15);
  const uint16_t local_extension_count = reader.Load16<60>();
  const uint16_t peer_extension_count = reader.Load16<62>();
  if (local_extension_count > 256) return CookieError(ParseErrorCode::kBadValue, 60);
  if (peer_extension_count > 256) return CookieError(ParseErrorCode::kBadValue, 62);

  StateCookie cookie{
      .local_verification_tag = VerificationTag(reader.Load32<16>()),
      .peer_verification_tag = VerificationTag(reader.Load32<20>()),
      .local_initial_tsn = Tsn(reader.Load32<24>()),
      .peer_initial_tsn = Tsn(reader.Load32<28>()),
      .peer_a_rwnd = reader.Load32<32>(),
      .local_outbound_streams = reader.Load16<6>(),
      .local_inbound_streams = reader.Load16<8>(),
      .peer_outbound_streams = reader.Load16<10>(),
      .peer_inbound_streams = reader.Load16<12>(),
      .local_tie_tag = VerificationTag(reader.Load32<36>()),
      .peer_tie_tag = VerificationTag(reader.Load32<40>()),
      .local_port = Port(reader.Load16<2>()),
      .peer_port = Port(reader.Load16<4>()),
      .created = TimePoint(Duration(static_cast<int64_t>(
          (uint64_t{reader.Load32<44>()} << 32) | reader.Load32<48>()))),
      .lifespan = CookieLifespan(reader.Load32<52>()),
      .lifespan_increment = CookieLifespan(reader.Load32<56>()),
  };

  const size_t available = reader.variable_data().size();
  size_t offset = 0;
  for (uint8_t i = 0; i < address_count; ++i) {
    if (available - offset < 1) {
      return CookieError(ParseErrorCode::kTruncated, kFixedSize + available);
    }
    const uint8_t family = reader.sub_reader<1>(offset).Load8<0>();
    if (family == kFamilyIpv4) {
      if (available - offset < 5) {
        return CookieError(ParseErrorCode::kTruncated, kFixedSize + available);
      }
      Ipv4AddressParameter address;
      std::span<const uint8_t, 4> bytes = reader.sub_reader<5>(offset).LoadBytes<1, 4>();
      std::copy(bytes.begin(), bytes.end(), address.address.begin());
      cookie.peer_addresses[i] = address;
      offset += 5;
    } else if (family == kFamilyIpv6) {
      if (available - offset < 17) {
        return CookieError(ParseErrorCode::kTruncated, kFixedSize + available);
      }
      Ipv6AddressParameter address;
      std::span<const uint8_t, 16> bytes = reader.sub_reader<17>(offset).LoadBytes<1, 16>();
      std::copy(bytes.begin(), bytes.end(), address.address.begin());
      cookie.peer_addresses[i] = address;
      offset += 17;
    } else {
      return CookieError(ParseErrorCode::kBadValue, kFixedSize + offset);
    }
  }
  cookie.peer_address_count = address_count;

  if (auto error = ReadCapabilities(reader, local_flags, local_extension_count, offset,
                                    cookie.local_capabilities)) {
    return *error;
  }
  if (auto error = ReadCapabilities(reader, peer_flags, peer_extension_count, offset,
                                    cookie.peer_capabilities)) {
    return *error;
  }
  if (offset != available) return CookieError(ParseErrorCode::kTrailingBytes, kFixedSize + offset);
  return cookie;
}

size_t StateCookie::WireSize() const {
  size_t size = kFixedSize;
  for (const PeerAddress& address : PeerAddresses()) size += AddressWireSize(address);
  return size + CapabilitiesWireSize(local_capabilities) + CapabilitiesWireSize(peer_capabilities);
}

void StateCookie::SerializeTo(std::span<uint8_t> out) const {
  if (peer_address_count > kMaxPeerAddresses) std::abort();
  BoundedByteWriter<kFixedSize> writer(out);
  writer.Store8<0>(kVersion);
  writer.Store8<1>(peer_address_count);
  writer.Store16<2>(local_port.value());
  writer.Store16<4>(peer_port.value());
  writer.Store16<6>(local_outbound_streams);
  writer.Store16<8>(local_inbound_streams);
  writer.Store16<10>(peer_outbound_streams);
  writer.Store16<12>(peer_inbound_streams);
  writer.Store8<14>(FlagsOf(local_capabilities));
  writer.Store8<15>(FlagsOf(peer_capabilities));
  writer.Store32<16>(local_verification_tag.value());
  writer.Store32<20>(peer_verification_tag.value());
  writer.Store32<24>(local_initial_tsn.value());
  writer.Store32<28>(peer_initial_tsn.value());
  writer.Store32<32>(peer_a_rwnd);
  writer.Store32<36>(local_tie_tag.value());
  writer.Store32<40>(peer_tie_tag.value());
  const auto created_us = static_cast<uint64_t>(created.time_since_epoch().count());
  writer.Store32<44>(static_cast<uint32_t>(created_us >> 32));
  writer.Store32<48>(static_cast<uint32_t>(created_us));
  writer.Store32<52>(lifespan.count());
  writer.Store32<56>(lifespan_increment.count());
  writer.Store16<60>(static_cast<uint16_t>(local_capabilities.supported_extensions.count()));
  writer.Store16<62>(static_cast<uint16_t>(peer_capabilities.supported_extensions.count()));

  size_t offset = 0;
  for (const PeerAddress& address : PeerAddresses()) {
    if (const auto* v4 = std::get_if<Ipv4AddressParameter>(&address)) {
      BoundedByteWriter<5> element = writer.sub_writer<5>(offset);
      element.Store8<0>(kFamilyIpv4);
      element.StoreBytes<1, 4>(v4->address);
      offset += 5;
    } else {
      const auto& v6 = std::get<Ipv6AddressParameter>(address);
      BoundedByteWriter<17> element = writer.sub_writer<17>(offset);
      element.Store8<0>(kFamilyIpv6);
      element.StoreBytes<1, 16>(v6.address);
      offset += 17;
    }
  }
  offset = WriteCapabilities(writer, offset, local_capabilities);
  WriteCapabilities(writer, offset, peer_capabilities);
}

std::string StateCookie::ToString() const {
  std::string addresses;
  for (const PeerAddress& address : PeerAddresses()) {
    if (!addresses.empty()) addresses += ',';
    addresses += std::visit([](const auto& a) { return a.AddressString(); }, address);
  }
  return fmt::format(
      "StateCookie v{} ports={}->{} tags=0x{:08x}/0x{:08x} tie_tags=0x{:08x}/0x{:08x} "
      "initial_tsns={}/{} peer_a_rwnd={} streams={}:{}/{}:{} created={}us life={}+{}ms "
      "peer_addresses=[{}] local={{{}}} peer={{{}}}",
      kVersion, peer_port.value(), local_port.value(), local_verification_tag.value(),
      peer_verification_tag.value(), local_tie_tag.value(), peer_tie_tag.value(),
      local_initial_tsn.value(), peer_initial_tsn.value(), peer_a_rwnd, local_outbound_streams,
      local_inbound_streams, peer_outbound_streams, peer_inbound_streams,
      created.time_since_epoch().count(), lifespan.count(), lifespan_increment.count(), addresses,
      CapabilitiesToString(local_capabilities), CapabilitiesToString(peer_capabilities));
}

bool StateCookie::AddPeerAddress(const PeerAddress& address) {
  if (peer_address_count >= kMaxPeerAddresses) return false;
  peer_addresses[peer_address_count++] = address;
  return true;
}

uint16_t StateCookie::NegotiatedOutboundStreams() const {
  return std::min(local_outbound_streams, peer_inbound_streams);
}

uint16_t StateCookie::NegotiatedInboundStreams() const {
  return std::min(local_inbound_streams, peer_outbound_streams);
}

bool operator==(const StateCookie& a, const StateCookie& b) {
  return a.local_verification_tag == b.local_verification_tag &&
         a.peer_verification_tag == b.peer_verification_tag &&
         a.local_initial_tsn == b.local_initial_tsn && a.peer_initial_tsn == b.peer_initial_tsn &&
         a.peer_a_rwnd == b.peer_a_rwnd && a.local_outbound_streams == b.local_outbound_streams &&
         a.local_inbound_streams == b.local_inbound_streams &&
         a.peer_outbound_streams == b.peer_outbound_streams &&
         a.peer_inbound_streams == b.peer_inbound_streams && a.local_tie_tag == b.local_tie_tag &&
         a.peer_tie_tag == b.peer_tie_tag && a.local_port == b.local_port &&
         a.peer_port == b.peer_port && a.created == b.created && a.lifespan == b.lifespan &&
         a.lifespan_increment == b.lifespan_increment &&
         std::ranges::equal(a.PeerAddresses(), b.PeerAddresses()) &&
         a.local_capabilities == b.local_capabilities &&
         a.peer_capabilities == b.peer_capabilities;
}

}  // namespace sctpdp
