#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "dataplane/sctp/common/time.h"
#include "dataplane/sctp/cookie/hmac_sha256.h"
#include "dataplane/sctp/cookie/state_cookie.h"
#include "dataplane/sctp/packet/parse_result.h"

namespace sctpdp {

// What Verify found, and what RFC 9260 says to do about it.
enum class CookieStatus : uint8_t {
  // Authentic and within its lifespan: create the association
  // (section 5.1.5 step 5), after the engine's port and tag check (step 3).
  kOk,
  // Not a cookie this endpoint made, or made with a secret no longer held:
  // silently discard the packet (section 5.1.5 steps 1 and 2).
  kBadMac,
  // Too short or too long to be a cookie (checked before the MAC, so an
  // oversized cookie costs no hashing), or authentic but not decodable.
  // Discard as for kBadMac.
  kMalformed,
  // Authentic but past its lifespan: send an ERROR with "Stale Cookie"
  // (section 5.1.5 step 4), unless a TCB exists whose tags both match the
  // cookie's (section 5.2.4 step 3, case E), so the cookie is returned too.
  kStale,
};

struct CookieVerification {
  CookieStatus status = CookieStatus::kBadMac;
  // kOk and kStale: the authenticated contents.
  StateCookie cookie{};
  // kStale: how long after StateCookie::ExpiresAt() `now` was (> 0).
  Duration staleness{};
  // kMalformed: what was wrong, offsets from the start of the cookie.
  ParseError error{};

  bool ok() const { return status == CookieStatus::kOk; }
  // The Stale Cookie cause's Measure of Staleness (RFC 9260 section
  // 3.3.10.3): microseconds, saturated to 32 bits.
  uint32_t StalenessUs() const {
    const int64_t us = staleness.count();
    if (us <= 0) return 0;
    return us > int64_t{std::numeric_limits<uint32_t>::max()} ? std::numeric_limits<uint32_t>::max()
                                                              : static_cast<uint32_t>(us);
  }
};

// Signs and verifies State Cookies (RFC 9260 sections 5.1.3 and 5.1.5) with
// HMAC-SHA256 under a rotating secret, for an endpoint that keeps no state
// between INIT and COOKIE ECHO.
//
// A signed cookie is
//
//   Key Id (1 byte) | StateCookie encoding | HMAC-SHA256 (32 bytes)
//
// with the MAC over the key id and the encoding. The key id names the secret
// that signed it, so verifying takes one MAC whichever secret it was
// (section 5.1.5 step 1 lets the endpoint pick the key; the id is the
// cheaper and clock-independent way). MACs are compared in constant time.
//
// Secrets: the caller supplies fresh random bytes (RFC 4086) at construction
// and to Rotate, which it calls when RotationDue says so ("changed reasonably
// frequently", section 5.1.3). After a rotation the previous secret still
// verifies for one rotation period, so a cookie signed just before it stays
// usable; then it is gone, and its cookies are kBadMac. The period should
// therefore be at least the longest cookie lifespan (Valid.Cookie.Life plus
// any Cookie Preservative increment granted), or cookies would turn
// unverifiable before they turn stale. The signer never reads a clock.
//
// Allocation: Sign returns a vector; SignTo writes into the caller's buffer
// and, like Verify, allocates nothing itself (see HmacSha256 for libcrypto's
// share). Not thread-safe.
class CookieSigner {
 public:
  static constexpr size_t kSecretSize = 32;
  static constexpr size_t kMacSize = HmacSha256::kSize;
  static constexpr size_t kOverhead = 1 + kMacSize;
  static constexpr size_t kMinCookieSize = kOverhead + StateCookie::kFixedSize;
  static constexpr size_t kMaxCookieSize = kOverhead + StateCookie::kMaxWireSize;

  struct Options {
    // Section 5.1.3's example: hourly.
    Duration rotation_period = std::chrono::hours(1);
  };

  CookieSigner(std::span<const uint8_t, kSecretSize> secret, TimePoint now, Options options);
  CookieSigner(std::span<const uint8_t, kSecretSize> secret, TimePoint now)
      : CookieSigner(secret, now, Options{}) {}

  // True once a rotation period has passed since the current secret was
  // installed.
  bool RotationDue(TimePoint now) const { return now >= NextRotation(); }
  TimePoint NextRotation() const { return current_.installed + options_.rotation_period; }
  // Makes `fresh_secret` current; the current secret becomes the previous
  // one, and the previous one is forgotten.
  void Rotate(std::span<const uint8_t, kSecretSize> fresh_secret, TimePoint now);

  static size_t SignedSize(const StateCookie& cookie) { return kOverhead + cookie.WireSize(); }
  // Writes the signed cookie, created at `now` (cookie.created is ignored),
  // into `out` (at least SignedSize(cookie) bytes) and returns the bytes
  // written. Aborts if `out` is too small.
  std::span<const uint8_t> SignTo(const StateCookie& cookie, TimePoint now,
                                  std::span<uint8_t> out);
  std::vector<uint8_t> Sign(const StateCookie& cookie, TimePoint now);

  // Authenticates a cookie from a COOKIE ECHO and checks its age
  // (section 5.1.5 steps 1, 2 and 4).
  CookieVerification Verify(std::span<const uint8_t> cookie, TimePoint now);

 private:
  struct Key {
    HmacSha256 mac;
    uint8_t id = 0;
    TimePoint installed{};
    bool usable = false;
  };

  Options options_;
  Key current_;
  Key previous_;
};

}  // namespace sctpdp
