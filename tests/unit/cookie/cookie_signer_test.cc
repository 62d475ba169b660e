#include "dataplane/sctp/cookie/cookie_signer.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <chrono>
#include <vector>

#include "dataplane/sctp/packet/error_cause/stale_cookie_cause.h"
#include "dataplane/sctp/packet/parameter/cookie_preservative_parameter.h"

namespace sctpdp {
namespace {

using Bytes = std::vector<uint8_t>;
using Secret = std::array<uint8_t, CookieSigner::kSecretSize>;
using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

// Deterministic "random" secrets: the caller's random source in production.
Secret MakeSecret(uint8_t seed) {
  Secret secret{};
  for (size_t i = 0; i < secret.size(); ++i) secret[i] = static_cast<uint8_t>(seed * 31 + i);
  return secret;
}

const TimePoint kT0 = TimePoint(seconds(1000));

StateCookie MakeCookie() {
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
      .lifespan = CookieLifespan(60000),
      .local_capabilities = {.forward_tsn_supported = true, .zero_checksum_edmid = 1},
      .peer_capabilities = {.ecn_capable = true, .adaptation_code_point = 0xdeadbeef},
  };
  cookie.local_capabilities.supported_extensions.set(static_cast<uint8_t>(ChunkType::kReconfig));
  cookie.peer_capabilities.supported_extensions.set(static_cast<uint8_t>(ChunkType::kIData));
  cookie.AddPeerAddress(Ipv4AddressParameter{.address = {198, 51, 100, 7}});
  cookie.AddPeerAddress(Ipv6AddressParameter{.address = {0x20, 0x01, 0x0d, 0xb8, 1, 2, 3, 4, 5,
                                                          6, 7, 8, 9, 10, 11, 12}});
  return cookie;
}

// The MAC as computed independently with libcrypto's one-shot HMAC().
Bytes ReferenceMac(const Secret& secret, std::span<const uint8_t> data) {
  Bytes mac(EVP_MAX_MD_SIZE);
  unsigned int size = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()), data.data(), data.size(),
       mac.data(), &size);
  mac.resize(size);
  return mac;
}

// Section 5.1.3: the cookie carries a MAC; here key id, encoding, and
// HMAC-SHA256 over both, keyed with the secret.
TEST(CookieSignerTest, CookieIsKeyIdEncodingAndMac) {
  const Secret secret = MakeSecret(1);
  CookieSigner signer(secret, kT0);
  const StateCookie cookie = MakeCookie();
  const Bytes signed_cookie = signer.Sign(cookie, kT0);
  ASSERT_EQ(signed_cookie.size(), CookieSigner::SignedSize(cookie));
  ASSERT_EQ(signed_cookie.size(), 1 + cookie.WireSize() + 32);
  EXPECT_EQ(signed_cookie[0], 0);  // the first secret's id

  StateCookie stamped = cookie;
  stamped.created = kT0;
  Bytes encoding(stamped.WireSize());
  stamped.SerializeTo(encoding);
  EXPECT_EQ(Bytes(signed_cookie.begin() + 1, signed_cookie.end() - 32), encoding);

  const std::span<const uint8_t> signed_part(signed_cookie.data(), signed_cookie.size() - 32);
  EXPECT_EQ(Bytes(signed_cookie.end() - 32, signed_cookie.end()),
            ReferenceMac(secret, signed_part));
}

// Section 5.1.5 step 5 needs everything back: every field survives.
TEST(CookieSignerTest, RoundTripsEveryField) {
  CookieSigner signer(MakeSecret(1), kT0);
  const StateCookie cookie = MakeCookie();
  const Bytes signed_cookie = signer.Sign(cookie, kT0 + seconds(3));
  const CookieVerification result = signer.Verify(signed_cookie, kT0 + seconds(4));
  ASSERT_EQ(result.status, CookieStatus::kOk);
  EXPECT_TRUE(result.ok());
  StateCookie expected = cookie;
  expected.created = kT0 + seconds(3);
  EXPECT_EQ(result.cookie, expected);
  EXPECT_EQ(result.staleness, Duration(0));
}

// The creation time is the signing time, whatever the struct said.
TEST(CookieSignerTest, SignStampsTheCreationTime) {
  CookieSigner signer(MakeSecret(1), kT0);
  StateCookie cookie = MakeCookie();
  cookie.created = TimePoint(seconds(5));
  const CookieVerification result = signer.Verify(signer.Sign(cookie, kT0), kT0);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.cookie.created, kT0);
}

TEST(CookieSignerTest, SignToWritesIntoTheCallersBuffer) {
  CookieSigner signer(MakeSecret(1), kT0);
  const StateCookie cookie = MakeCookie();
  std::array<uint8_t, CookieSigner::kMaxCookieSize> buffer{};
  std::span<const uint8_t> written = signer.SignTo(cookie, kT0, buffer);
  EXPECT_EQ(written.data(), buffer.data());
  EXPECT_EQ(Bytes(written.begin(), written.end()), signer.Sign(cookie, kT0));
  EXPECT_TRUE(signer.Verify(written, kT0).ok());
}

// Section 5.1.5 step 2: a cookie that differs in any byte from the one
// signed fails authentication, wherever the change is (key id, contents,
// MAC).
TEST(CookieSignerTest, TamperingWithAnyByteFails) {
  CookieSigner signer(MakeSecret(1), kT0);
  const Bytes signed_cookie = signer.Sign(MakeCookie(), kT0);
  for (size_t i = 0; i < signed_cookie.size(); ++i) {
    for (uint8_t flip : {uint8_t{0x01}, uint8_t{0x80}}) {
      Bytes tampered = signed_cookie;
      tampered[i] ^= flip;
      EXPECT_EQ(signer.Verify(tampered, kT0).status, CookieStatus::kBadMac)
          << "byte " << i << " flip " << int{flip};
    }
  }
}

// A cookie made by another endpoint (or before a restart) with the same key
// id but another secret.
TEST(CookieSignerTest, CookieFromAnotherSecretFails) {
  CookieSigner ours(MakeSecret(1), kT0);
  CookieSigner theirs(MakeSecret(2), kT0);
  const Bytes foreign = theirs.Sign(MakeCookie(), kT0);
  EXPECT_EQ(foreign[0], ours.Sign(MakeCookie(), kT0)[0]);
  EXPECT_EQ(ours.Verify(foreign, kT0).status, CookieStatus::kBadMac);
  EXPECT_TRUE(theirs.Verify(foreign, kT0).ok());
}

TEST(CookieSignerTest, RotationIsDueAfterOnePeriod) {
  CookieSigner signer(MakeSecret(1), kT0, CookieSigner::Options{.rotation_period = minutes(10)});
  EXPECT_EQ(signer.NextRotation(), kT0 + minutes(10));
  EXPECT_FALSE(signer.RotationDue(kT0 + minutes(10) - microseconds(1)));
  EXPECT_TRUE(signer.RotationDue(kT0 + minutes(10)));
  signer.Rotate(MakeSecret(2), kT0 + minutes(11));
  EXPECT_EQ(signer.NextRotation(), kT0 + minutes(21));
  EXPECT_FALSE(signer.RotationDue(kT0 + minutes(11)));
  // The default follows section 5.1.3's example: hourly.
  EXPECT_EQ(CookieSigner::Options{}.rotation_period, hours(1));
}

// Section 5.1.3: the secret changes, and a cookie signed just before a
// rotation still verifies with the previous secret for one period after it,
// and not two. Cookies live long here so that only the secret matters.
TEST(CookieSignerTest, PreviousSecretVerifiesForOnePeriod) {
  const Duration period = minutes(10);
  CookieSigner signer(MakeSecret(1), kT0, CookieSigner::Options{.rotation_period = period});
  StateCookie cookie = MakeCookie();
  cookie.lifespan = CookieLifespan(hours(24));
  const TimePoint signed_at = kT0 + period - microseconds(1);
  const Bytes before = signer.Sign(cookie, signed_at);

  const TimePoint rotated_at = kT0 + period;
  signer.Rotate(MakeSecret(2), rotated_at);
  const Bytes after = signer.Sign(cookie, rotated_at);
  EXPECT_EQ(after[0], 1);
  EXPECT_TRUE(signer.Verify(before, rotated_at).ok());
  EXPECT_TRUE(signer.Verify(after, rotated_at).ok());
  EXPECT_TRUE(signer.Verify(before, rotated_at + period - microseconds(1)).ok());
  // One period after the rotation the previous secret is gone, even if the
  // caller has not rotated again yet (section 5.1.5 step 1: discard).
  EXPECT_EQ(signer.Verify(before, rotated_at + period).status, CookieStatus::kBadMac);
  EXPECT_TRUE(signer.Verify(after, rotated_at + period).ok());

  // The second rotation: the once-current secret is now the previous one,
  // the first one is forgotten.
  signer.Rotate(MakeSecret(3), rotated_at + period);
  EXPECT_EQ(signer.Verify(before, rotated_at + period).status, CookieStatus::kBadMac);
  EXPECT_TRUE(signer.Verify(after, rotated_at + period).ok());
  EXPECT_EQ(signer.Verify(after, rotated_at + 2 * period).status, CookieStatus::kBadMac);
  EXPECT_TRUE(signer.Verify(signer.Sign(cookie, rotated_at + period), rotated_at + period).ok());
}

// Only one previous secret is kept, however soon the next rotation comes.
TEST(CookieSignerTest, TwoRotationsForgetTheFirstSecret) {
  CookieSigner signer(MakeSecret(1), kT0);
  const Bytes first = signer.Sign(MakeCookie(), kT0);
  signer.Rotate(MakeSecret(2), kT0 + seconds(1));
  EXPECT_TRUE(signer.Verify(first, kT0 + seconds(1)).ok());
  signer.Rotate(MakeSecret(3), kT0 + seconds(2));
  EXPECT_EQ(signer.Verify(first, kT0 + seconds(2)).status, CookieStatus::kBadMac);
}

// After 256 rotations the key id repeats; the MAC still tells secrets apart.
TEST(CookieSignerTest, KeyIdWrapDoesNotConfuseSecrets) {
  CookieSigner signer(MakeSecret(7), kT0);
  const Bytes first = signer.Sign(MakeCookie(), kT0);
  // Secrets 1, 2, ..., 255, 0: none is the first one.
  for (int i = 1; i <= 256; ++i) signer.Rotate(MakeSecret(static_cast<uint8_t>(i)), kT0);
  const Bytes now_signed = signer.Sign(MakeCookie(), kT0);
  ASSERT_EQ(now_signed[0], first[0]);
  EXPECT_EQ(signer.Verify(first, kT0).status, CookieStatus::kBadMac);
  EXPECT_TRUE(signer.Verify(now_signed, kT0).ok());
}

// Section 5.1.5 step 4: stale only when the elapsed time is LONGER than the
// lifespan; the Stale Cookie cause reports by how much, in microseconds
// (section 3.3.10.3).
TEST(CookieSignerTest, StalenessIsMeasuredExactly) {
  CookieSigner signer(MakeSecret(1), kT0);
  const StateCookie cookie = MakeCookie();  // 60 s
  const Bytes signed_cookie = signer.Sign(cookie, kT0);
  EXPECT_TRUE(signer.Verify(signed_cookie, kT0 + seconds(60)).ok());

  CookieVerification result = signer.Verify(signed_cookie, kT0 + seconds(60) + microseconds(1));
  ASSERT_EQ(result.status, CookieStatus::kStale);
  EXPECT_EQ(result.staleness, microseconds(1));
  EXPECT_EQ(result.StalenessUs(), 1u);

  result = signer.Verify(signed_cookie, kT0 + milliseconds(61500) + microseconds(3));
  ASSERT_EQ(result.status, CookieStatus::kStale);
  EXPECT_EQ(result.StalenessUs(), 1'500'003u);
  EXPECT_EQ(StaleCookieCause{.staleness_us = result.StalenessUs()}.staleness_us, 1'500'003u);
}

// Section 5.2.4 step 3: a stale cookie whose tags match an existing TCB is
// still valid, so the engine needs the authenticated contents of a stale one.
TEST(CookieSignerTest, StaleResultCarriesTheCookie) {
  CookieSigner signer(MakeSecret(1), kT0);
  const CookieVerification result =
      signer.Verify(signer.Sign(MakeCookie(), kT0), kT0 + minutes(5));
  ASSERT_EQ(result.status, CookieStatus::kStale);
  EXPECT_EQ(result.cookie.local_verification_tag, VerificationTag(0x11223344));
  EXPECT_EQ(result.cookie.peer_verification_tag, VerificationTag(0x55667788));
  EXPECT_EQ(result.staleness, minutes(4));
}

// The 32-bit Measure of Staleness saturates rather than wrapping.
TEST(CookieSignerTest, StalenessSaturatesAt32Bits) {
  CookieSigner signer(MakeSecret(1), kT0);
  const CookieVerification result =
      signer.Verify(signer.Sign(MakeCookie(), kT0), kT0 + seconds(60) + hours(2));
  ASSERT_EQ(result.status, CookieStatus::kStale);
  EXPECT_EQ(result.staleness, hours(2));
  EXPECT_EQ(result.StalenessUs(), 0xffffffffu);
}

// Section 3.3.2.1.3 / 5.2.6 option 3: the increment a Cookie Preservative
// asked for, when granted, extends the lifespan, and staleness counts from
// the extended expiry.
TEST(CookieSignerTest, CookiePreservativeExtendsTheLifespan) {
  CookieSigner signer(MakeSecret(1), kT0);
  const CookiePreservativeParameter preservative{.increment_ms = 2500};
  StateCookie cookie = MakeCookie();
  cookie.lifespan_increment = CookieLifespan(preservative.increment_ms);
  const Bytes signed_cookie = signer.Sign(cookie, kT0);

  EXPECT_TRUE(signer.Verify(signed_cookie, kT0 + seconds(61)).ok());
  EXPECT_TRUE(signer.Verify(signed_cookie, kT0 + milliseconds(62500)).ok());
  const CookieVerification result =
      signer.Verify(signed_cookie, kT0 + milliseconds(62500) + microseconds(7));
  ASSERT_EQ(result.status, CookieStatus::kStale);
  EXPECT_EQ(result.StalenessUs(), 7u);
  EXPECT_EQ(result.cookie.lifespan_increment, milliseconds(2500));

  // The same cookie without the increment is stale at 61 s.
  const Bytes plain = signer.Sign(MakeCookie(), kT0);
  EXPECT_EQ(signer.Verify(plain, kT0 + seconds(61)).StalenessUs(), 1'000'000u);
}

// Anything shorter than key id + fixed encoding + MAC cannot be a cookie.
TEST(CookieSignerTest, TruncatedCookiesAreMalformed) {
  CookieSigner signer(MakeSecret(1), kT0);
  const Bytes signed_cookie = signer.Sign(StateCookie{}, kT0);
  ASSERT_EQ(signed_cookie.size(), CookieSigner::kMinCookieSize);
  for (size_t size = 0; size < CookieSigner::kMinCookieSize; ++size) {
    const CookieVerification result =
        signer.Verify(std::span<const uint8_t>(signed_cookie.data(), size), kT0);
    ASSERT_EQ(result.status, CookieStatus::kMalformed) << size;
    EXPECT_EQ(result.error.code, ParseErrorCode::kTruncated);
    EXPECT_EQ(result.error.offset, size);
    EXPECT_EQ(result.error.type, static_cast<uint16_t>(ParameterType::kStateCookie));
  }
  // Longer cookies cut short move the MAC: not authentic.
  const Bytes full = signer.Sign(MakeCookie(), kT0);
  for (size_t size = CookieSigner::kMinCookieSize; size < full.size(); ++size) {
    EXPECT_EQ(signer.Verify(std::span<const uint8_t>(full.data(), size), kT0).status,
              CookieStatus::kBadMac)
        << size;
  }
}

// A cookie longer than any this signer makes is refused before hashing.
TEST(CookieSignerTest, OversizedCookiesAreMalformed) {
  CookieSigner signer(MakeSecret(1), kT0);
  const CookieVerification result = signer.Verify(Bytes(CookieSigner::kMaxCookieSize + 1), kT0);
  ASSERT_EQ(result.status, CookieStatus::kMalformed);
  EXPECT_EQ(result.error.code, ParseErrorCode::kBadLength);
  EXPECT_EQ(signer.Verify(Bytes(CookieSigner::kMaxCookieSize), kT0).status,
            CookieStatus::kBadMac);
  Bytes extended = signer.Sign(MakeCookie(), kT0);
  extended.push_back(0);
  EXPECT_EQ(signer.Verify(extended, kT0).status, CookieStatus::kBadMac);
}

TEST(CookieSignerTest, LargestCookieVerifies) {
  CookieSigner signer(MakeSecret(1), kT0);
  StateCookie cookie = MakeCookie();
  cookie.peer_address_count = 0;
  while (cookie.AddPeerAddress(Ipv6AddressParameter{})) {
  }
  for (StateCookie::Capabilities* caps : {&cookie.local_capabilities, &cookie.peer_capabilities}) {
    caps->supported_extensions.set();
    caps->zero_checksum_edmid = 1;
    caps->adaptation_code_point = 2;
  }
  const Bytes signed_cookie = signer.Sign(cookie, kT0);
  EXPECT_EQ(signed_cookie.size(), CookieSigner::kMaxCookieSize);
  EXPECT_TRUE(signer.Verify(signed_cookie, kT0).ok());
}

// Authentic bytes that do not decode (e.g. another encoding version) are
// malformed, with the offset counted from the start of the cookie.
TEST(CookieSignerTest, AuthenticButUndecodableIsMalformed) {
  const Secret secret = MakeSecret(1);
  CookieSigner signer(secret, kT0);
  Bytes forged = signer.Sign(MakeCookie(), kT0);
  forged[1] = 2;  // encoding version 2
  const Bytes mac =
      ReferenceMac(secret, std::span<const uint8_t>(forged.data(), forged.size() - 32));
  std::copy(mac.begin(), mac.end(), forged.end() - 32);
  const CookieVerification result = signer.Verify(forged, kT0);
  ASSERT_EQ(result.status, CookieStatus::kMalformed);
  EXPECT_EQ(result.error.code, ParseErrorCode::kBadValue);
  EXPECT_EQ(result.error.offset, 1u);
}

}  // namespace
}  // namespace sctpdp
