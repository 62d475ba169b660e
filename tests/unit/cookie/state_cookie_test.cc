#include "dataplane/sctp/cookie/state_cookie.h"

#include <gtest/gtest.h>

#include <chrono>

#include "tests/unit/packet/wire_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectEveryTruncationFails;
using ::sctpdp::testing::ExpectParseError;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::Serialize;
using std::chrono::microseconds;
using std::chrono::milliseconds;

// Every field set, each to a different value, in the layout documented in
// state_cookie.h: 64 fixed bytes, two addresses, then both capability sets.
const Bytes kCookie = {
    0x01, 0x02, 0x13, 0x88,  // version 1, 2 addresses, local port 5000
    0x8e, 0x3c, 0x00, 0x0a,  // peer port 36412, local OS 10
    0x00, 0x0c, 0x00, 0x07,  // local MIS 12, peer OS 7
    0x00, 0x05, 0x05, 0x0f,  // peer MIS 5, local flags FwdTSN|ZC, peer flags all
    0x11, 0x22, 0x33, 0x44,  // local verification tag
    0x55, 0x66, 0x77, 0x88,  // peer verification tag
    0x01, 0x02, 0x03, 0x04,  // local initial TSN
    0xff, 0xff, 0xff, 0xfe,  // peer initial TSN
    0x00, 0x02, 0x00, 0x00,  // peer a_rwnd 131072
    0x0a, 0x0b, 0x0c, 0x0d,  // Local-Tie-Tag
    0x1a, 0x1b, 0x1c, 0x1d,  // Peer's-Tie-Tag
    0x00, 0x00, 0x00, 0x01,  // creation time, high 32 bits
    0x02, 0x03, 0x04, 0x05,  // creation time, low 32 bits
    0x00, 0x00, 0xea, 0x60,  // lifespan 60000 ms
    0x00, 0x00, 0x09, 0xc4,  // lifespan increment 2500 ms
    0x00, 0x02, 0x00, 0x03,  // 2 local extensions, 3 peer extensions
    // 64: 192.0.2.1, 2001:db8::1
    0x04, 0xc0, 0x00, 0x02, 0x01,                                //
    0x06, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00,  //
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,                    //
    // 86: local: I-DATA, RE-CONFIG; EDMID 1
    0x40, 0x82, 0x00, 0x00, 0x00, 0x01,
    // 92: peer: I-DATA, RE-CONFIG, FORWARD TSN; EDMID 1; adaptation 0xdeadbeef
    0x40, 0x82, 0xc0, 0x00, 0x00, 0x00, 0x01, 0xde, 0xad, 0xbe, 0xef};

StateCookie::Capabilities LocalCapabilities() {
  StateCookie::Capabilities caps{.forward_tsn_supported = true, .zero_checksum_edmid = 1};
  caps.supported_extensions.set(static_cast<uint8_t>(ChunkType::kIData));
  caps.supported_extensions.set(static_cast<uint8_t>(ChunkType::kReconfig));
  return caps;
}

StateCookie::Capabilities PeerCapabilities() {
  StateCookie::Capabilities caps{.forward_tsn_supported = true,
                                 .ecn_capable = true,
                                 .zero_checksum_edmid = 1,
                                 .adaptation_code_point = 0xdeadbeef};
  caps.supported_extensions.set(static_cast<uint8_t>(ChunkType::kIData));
  caps.supported_extensions.set(static_cast<uint8_t>(ChunkType::kReconfig));
  caps.supported_extensions.set(static_cast<uint8_t>(ChunkType::kForwardTsn));
  return caps;
}

StateCookie FullCookie() {
  StateCookie cookie{
      .local_verification_tag = VerificationTag(0x11223344),
      .peer_verification_tag = VerificationTag(0x55667788),
      .local_initial_tsn = Tsn(0x01020304),
      .peer_initial_tsn = Tsn(0xfffffffe),
      .peer_a_rwnd = 131072,
      .local_outbound_streams = 10,
      .local_inbound_streams = 12,
      .peer_outbound_streams = 7,
      .peer_inbound_streams = 5,
      .local_tie_tag = VerificationTag(0x0a0b0c0d),
      .peer_tie_tag = VerificationTag(0x1a1b1c1d),
      .local_port = Port(5000),
      .peer_port = Port(36412),
      .created = TimePoint(microseconds(0x0000000102030405)),
      .lifespan = CookieLifespan(60000),
      .lifespan_increment = CookieLifespan(2500),
      .local_capabilities = LocalCapabilities(),
      .peer_capabilities = PeerCapabilities(),
  };
  EXPECT_TRUE(cookie.AddPeerAddress(Ipv4AddressParameter{.address = {192, 0, 2, 1}}));
  EXPECT_TRUE(cookie.AddPeerAddress(
      Ipv6AddressParameter{.address = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}}));
  return cookie;
}

TEST(StateCookieTest, ParsesEveryField) {
  StateCookie cookie = ExpectRoundTrip<StateCookie>(kCookie);
  EXPECT_EQ(cookie.local_verification_tag, VerificationTag(0x11223344));
  EXPECT_EQ(cookie.peer_verification_tag, VerificationTag(0x55667788));
  EXPECT_EQ(cookie.local_initial_tsn, Tsn(0x01020304));
  EXPECT_EQ(cookie.peer_initial_tsn, Tsn(0xfffffffe));
  EXPECT_EQ(cookie.peer_a_rwnd, 131072u);
  EXPECT_EQ(cookie.local_outbound_streams, 10);
  EXPECT_EQ(cookie.local_inbound_streams, 12);
  EXPECT_EQ(cookie.peer_outbound_streams, 7);
  EXPECT_EQ(cookie.peer_inbound_streams, 5);
  EXPECT_EQ(cookie.local_tie_tag, VerificationTag(0x0a0b0c0d));
  EXPECT_EQ(cookie.peer_tie_tag, VerificationTag(0x1a1b1c1d));
  EXPECT_EQ(cookie.local_port, Port(5000));
  EXPECT_EQ(cookie.peer_port, Port(36412));
  EXPECT_EQ(cookie.created.time_since_epoch(), microseconds(0x0000000102030405));
  EXPECT_EQ(cookie.lifespan, milliseconds(60000));
  EXPECT_EQ(cookie.lifespan_increment, milliseconds(2500));
  ASSERT_EQ(cookie.PeerAddresses().size(), 2u);
  EXPECT_EQ(std::get<Ipv4AddressParameter>(cookie.PeerAddresses()[0]).AddressString(),
            "192.0.2.1");
  EXPECT_EQ(std::get<Ipv6AddressParameter>(cookie.PeerAddresses()[1]).AddressString(),
            "2001:db8::1");
  EXPECT_EQ(cookie.local_capabilities, LocalCapabilities());
  EXPECT_EQ(cookie.peer_capabilities, PeerCapabilities());
  EXPECT_TRUE(cookie.peer_capabilities.Supports(ChunkType::kIData));
  EXPECT_TRUE(cookie.peer_capabilities.Supports(ChunkType::kForwardTsn));
  EXPECT_FALSE(cookie.local_capabilities.Supports(ChunkType::kForwardTsn));
  EXPECT_FALSE(cookie.local_capabilities.ecn_capable);
  EXPECT_FALSE(cookie.local_capabilities.adaptation_code_point.has_value());
  EXPECT_EQ(cookie, FullCookie());
}

TEST(StateCookieTest, BuildsTheSameBytes) {
  StateCookie cookie = FullCookie();
  EXPECT_EQ(cookie.WireSize(), kCookie.size());
  EXPECT_EQ(Serialize(cookie), kCookie);
}

TEST(StateCookieTest, EmptyCookieIsTheFixedPart) {
  StateCookie cookie;
  EXPECT_EQ(cookie.WireSize(), StateCookie::kFixedSize);
  Bytes wire = Serialize(cookie);
  EXPECT_EQ(wire[0], StateCookie::kVersion);
  // The default lifespan is Valid.Cookie.Life, 60 s (RFC 9260 section 16).
  EXPECT_EQ(cookie.lifespan, std::chrono::seconds(60));
  EXPECT_EQ(ExpectRoundTrip<StateCookie>(wire), cookie);
}

TEST(StateCookieTest, LargestCookieRoundTrips) {
  StateCookie cookie = FullCookie();
  cookie.peer_address_count = 0;
  for (size_t i = 0; i < StateCookie::kMaxPeerAddresses; ++i) {
    Ipv6AddressParameter address;
    address.address[15] = static_cast<uint8_t>(i);
    EXPECT_TRUE(cookie.AddPeerAddress(address));
  }
  EXPECT_FALSE(cookie.AddPeerAddress(Ipv4AddressParameter{}));
  EXPECT_EQ(cookie.PeerAddresses().size(), StateCookie::kMaxPeerAddresses);
  cookie.local_capabilities.supported_extensions.set();
  cookie.local_capabilities.adaptation_code_point = 7;
  cookie.peer_capabilities.supported_extensions.set();
  EXPECT_EQ(cookie.WireSize(), StateCookie::kMaxWireSize);
  Bytes wire = Serialize(cookie);
  EXPECT_EQ(ExpectRoundTrip<StateCookie>(wire), cookie);
}

// The engine clock may start anywhere; a time before its epoch survives.
TEST(StateCookieTest, NegativeCreationTimeRoundTrips) {
  StateCookie cookie = FullCookie();
  cookie.created = TimePoint(microseconds(-5));
  Bytes wire = Serialize(cookie);
  EXPECT_EQ(ExpectRoundTrip<StateCookie>(wire).created, cookie.created);
}

// Only the used addresses count for equality.
TEST(StateCookieTest, UnusedAddressSlotsDoNotMatter) {
  StateCookie a = FullCookie();
  StateCookie b = FullCookie();
  b.peer_addresses[5] = Ipv4AddressParameter{.address = {1, 2, 3, 4}};
  EXPECT_EQ(a, b);
  b.peer_addresses[1] = Ipv4AddressParameter{.address = {1, 2, 3, 4}};
  EXPECT_NE(a, b);
}

TEST(StateCookieTest, RejectsTruncation) { ExpectEveryTruncationFails<StateCookie>(kCookie); }

TEST(StateCookieTest, TruncatedFixedPart) {
  ParseError error = ExpectParseError<StateCookie>(Bytes(kCookie.begin(), kCookie.begin() + 63),
                                                   ParseErrorCode::kTruncated);
  EXPECT_EQ(error.offset, 63u);
  EXPECT_EQ(error.kind, WireKind::kParameter);
  EXPECT_EQ(error.type, static_cast<uint16_t>(ParameterType::kStateCookie));
}

TEST(StateCookieTest, TruncatedVariablePart) {
  ParseError error = ExpectParseError<StateCookie>(Bytes(kCookie.begin(), kCookie.end() - 1),
                                                   ParseErrorCode::kTruncated);
  EXPECT_EQ(error.offset, kCookie.size() - 1);
}

TEST(StateCookieTest, RejectsTrailingBytes) {
  Bytes wire = kCookie;
  wire.push_back(0);
  EXPECT_EQ(ExpectParseError<StateCookie>(wire, ParseErrorCode::kTrailingBytes).offset,
            kCookie.size());
}

TEST(StateCookieTest, RejectsOtherVersion) {
  Bytes wire = kCookie;
  wire[0] = 2;
  EXPECT_EQ(ExpectParseError<StateCookie>(wire, ParseErrorCode::kBadValue).offset, 0u);
}

TEST(StateCookieTest, RejectsTooManyAddresses) {
  Bytes wire = kCookie;
  wire[1] = StateCookie::kMaxPeerAddresses + 1;
  EXPECT_EQ(ExpectParseError<StateCookie>(wire, ParseErrorCode::kBadValue).offset, 1u);
}

// A count one too high reads the first extension type (0x40) as a family.
TEST(StateCookieTest, RejectsAddressCountPastTheAddresses) {
  Bytes wire = kCookie;
  wire[1] = 3;
  EXPECT_EQ(ExpectParseError<StateCookie>(wire, ParseErrorCode::kBadValue).offset, 86u);
}

TEST(StateCookieTest, RejectsUnknownAddressFamily) {
  Bytes wire = kCookie;
  wire[64] = 5;
  EXPECT_EQ(ExpectParseError<StateCookie>(wire, ParseErrorCode::kBadValue).offset, 64u);
}

TEST(StateCookieTest, RejectsUnknownFlags) {
  Bytes wire = kCookie;
  wire[14] |= 0x10;
  EXPECT_EQ(ExpectParseError<StateCookie>(wire, ParseErrorCode::kBadValue).offset, 14u);
  wire = kCookie;
  wire[15] |= 0x80;
  EXPECT_EQ(ExpectParseError<StateCookie>(wire, ParseErrorCode::kBadValue).offset, 15u);
}

TEST(StateCookieTest, RejectsMoreExtensionsThanChunkTypes) {
  Bytes wire = kCookie;
  wire[60] = 0x01;
  wire[61] = 0x01;  // 257
  EXPECT_EQ(ExpectParseError<StateCookie>(wire, ParseErrorCode::kBadValue).offset, 60u);
  wire = kCookie;
  wire[62] = 0x01;
  wire[63] = 0x01;
  EXPECT_EQ(ExpectParseError<StateCookie>(wire, ParseErrorCode::kBadValue).offset, 62u);
}

// Extension types are a set written in ascending order; another order or a
// repeat is not an encoding this endpoint produces.
TEST(StateCookieTest, RejectsUnsortedOrRepeatedExtensions) {
  Bytes wire = kCookie;
  std::swap(wire[86], wire[87]);
  EXPECT_EQ(ExpectParseError<StateCookie>(wire, ParseErrorCode::kBadValue).offset, 87u);
  wire = kCookie;
  wire[87] = 0x40;
  EXPECT_EQ(ExpectParseError<StateCookie>(wire, ParseErrorCode::kBadValue).offset, 87u);
  wire = kCookie;
  wire[94] = 0x82;  // the peer's third type repeats its second
  EXPECT_EQ(ExpectParseError<StateCookie>(wire, ParseErrorCode::kBadValue).offset, 94u);
}

// A flag promises a 32-bit value: clearing one leaves 4 bytes over,
// setting one wants 4 bytes more.
TEST(StateCookieTest, OptionalValuesFollowTheirFlags) {
  Bytes wire = kCookie;
  wire[15] &= static_cast<uint8_t>(~0x08);  // peer adaptation flag
  EXPECT_EQ(ExpectParseError<StateCookie>(wire, ParseErrorCode::kTrailingBytes).offset, 99u);
  wire = kCookie;
  wire[14] |= 0x08;  // local adaptation flag
  ExpectParseError<StateCookie>(wire, ParseErrorCode::kTruncated);
}

// RFC 9260 section 5.1.5 step 4: valid while the elapsed time is not longer
// than the lifespan, which a Cookie Preservative extends (3.3.2.1.3).
TEST(StateCookieTest, ExpiresAfterLifespanPlusIncrement) {
  StateCookie cookie = FullCookie();
  EXPECT_EQ(cookie.ExpiresAt(), cookie.created + milliseconds(62500));
  cookie.lifespan_increment = CookieLifespan(0);
  EXPECT_EQ(cookie.ExpiresAt(), cookie.created + std::chrono::seconds(60));
  // The largest increment a Cookie Preservative can ask for does not wrap.
  cookie.lifespan_increment = CookieLifespan(0xffffffff);
  EXPECT_EQ(cookie.ExpiresAt() - cookie.created,
            milliseconds(60000) + milliseconds(int64_t{0xffffffff}));
}

// RFC 9260 section 5.1.1: each direction uses min(sender's OS, receiver's MIS).
TEST(StateCookieTest, NegotiatedStreams) {
  StateCookie cookie = FullCookie();  // local 10 out/12 in, peer 7 out/5 in
  EXPECT_EQ(cookie.NegotiatedOutboundStreams(), 5);
  EXPECT_EQ(cookie.NegotiatedInboundStreams(), 7);
  cookie.peer_inbound_streams = 65535;
  cookie.peer_outbound_streams = 65535;
  EXPECT_EQ(cookie.NegotiatedOutboundStreams(), 10);
  EXPECT_EQ(cookie.NegotiatedInboundStreams(), 12);
}

TEST(StateCookieTest, ToString) {
  EXPECT_EQ(FullCookie().ToString(),
            "StateCookie v1 ports=36412->5000 tags=0x11223344/0x55667788 "
            "tie_tags=0x0a0b0c0d/0x1a1b1c1d initial_tsns=16909060/4294967294 "
            "peer_a_rwnd=131072 streams=10:12/7:5 created=4328719365us life=60000+2500ms "
            "peer_addresses=[192.0.2.1,2001:db8::1] local={ext=[64,130] fwd_tsn "
            "zero_checksum=1} peer={ext=[64,130,192] fwd_tsn ecn zero_checksum=1 "
            "adaptation=0xdeadbeef}");
}

}  // namespace
}  // namespace sctpdp
