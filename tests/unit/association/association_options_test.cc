#include "dataplane/sctp/association/association_options.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace sctpdp {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// The key of Validate()'s message: what comes before ": ".
std::string Key(const std::optional<std::string>& error) {
  if (!error.has_value()) return "";
  return error->substr(0, error->find(": "));
}

// Applies `change` to default options and returns the key Validate()
// names, or "" when it finds them consistent.
std::string KeyAfter(const std::function<void(AssociationOptions&)>& change) {
  AssociationOptions options;
  change(options);
  return Key(options.Validate());
}

TEST(AssociationOptionsTest, DefaultsAreThoseOfSection16AndValid) {
  // RFC 9260 section 16.
  const AssociationOptions options;
  EXPECT_EQ(options.rto_initial, seconds(1));
  EXPECT_EQ(options.rto_min, seconds(1));
  EXPECT_EQ(options.rto_max, seconds(60));
  EXPECT_EQ(options.max_burst, 4);
  EXPECT_EQ(options.rto_alpha_shift, 3);  // 1/8
  EXPECT_EQ(options.rto_beta_shift, 2);   // 1/4
  EXPECT_EQ(options.valid_cookie_life, seconds(60));
  EXPECT_EQ(options.association_max_retrans, 10);
  EXPECT_EQ(options.path_max_retrans, 5);
  EXPECT_EQ(options.max_init_retransmits, 8);
  EXPECT_EQ(options.hb_interval, seconds(30));
  EXPECT_EQ(options.hb_max_burst, 1);
  EXPECT_EQ(options.sack_delay, milliseconds(200));
  EXPECT_EQ(options.Validate(), std::nullopt);
}

TEST(AssociationOptionsTest, RtoBounds) {
  // Section 6.3.1 rules C6 and C7 keep RTO in [RTO.Min, RTO.Max]; RTO.Initial
  // (rule C1) must lie there too.
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.rto_min = Duration::zero(); }), "rto_min");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.rto_min = Duration(-1); }), "rto_min");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.rto_max = milliseconds(999); }), "rto_max");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.rto_initial = milliseconds(999); }),
            "rto_initial");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.rto_initial = seconds(61); }), "rto_initial");
  // The edges are allowed: RTO.Min = RTO.Initial = RTO.Max.
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) {
              o.rto_min = milliseconds(10);
              o.rto_initial = milliseconds(10);
              o.rto_max = milliseconds(10);
            }),
            "");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.rto_initial = seconds(60); }), "");
}

TEST(AssociationOptionsTest, MessagesSayWhy) {
  AssociationOptions options;
  options.rto_min = Duration::zero();
  EXPECT_EQ(options.Validate(), "rto_min: must be > 0");
  options = {};
  options.rto_initial = milliseconds(500);
  EXPECT_EQ(options.Validate(), "rto_initial: must be between rto_min and rto_max");
  options = {};
  options.sack_delay = milliseconds(501);
  EXPECT_EQ(options.Validate(), "sack_delay: must be at most 500 ms (RFC 9260 section 6.2)");
  options = {};
  options.max_burst = 0;
  EXPECT_EQ(options.Validate(), "max_burst: must be >= 1");
  options = {};
  options.outbound_streams = 0;
  EXPECT_EQ(options.Validate(), "outbound_streams: must be >= 1");
  options = {};
  options.path_mtu = 575;
  EXPECT_EQ(options.Validate(), "path_mtu: must be between 576 and 65535");
}

TEST(AssociationOptionsTest, ReportsTheFirstInconsistentSetting) {
  // Two bad settings: the one declared first is named.
  AssociationOptions options;
  options.path_mtu = 100;
  options.max_burst = 0;
  EXPECT_EQ(Key(options.Validate()), "max_burst");
}

TEST(AssociationOptionsTest, MaxBurst) {
  // Section 6.1 rule D; 1 is the least that lets anything be sent.
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.max_burst = 0; }), "max_burst");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.max_burst = -1; }), "max_burst");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.max_burst = 1; }), "");
}

TEST(AssociationOptionsTest, GainShifts) {
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.rto_alpha_shift = 0; }), "rto_alpha_shift");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.rto_alpha_shift = 11; }), "rto_alpha_shift");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.rto_beta_shift = 0; }), "rto_beta_shift");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.rto_beta_shift = 64; }), "rto_beta_shift");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) {
              o.rto_alpha_shift = 1;
              o.rto_beta_shift = 10;
            }),
            "");
}

TEST(AssociationOptionsTest, CookieLife) {
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.valid_cookie_life = Duration::zero(); }),
            "valid_cookie_life");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.valid_cookie_life = milliseconds(1); }), "");
}

TEST(AssociationOptionsTest, RetransmissionLimits) {
  // Section 8.1: at 0 the association would fail at its first T3-rtx
  // expiry; section 8.2 lets a path go inactive at its first one.
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.association_max_retrans = 0; }),
            "association_max_retrans");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.association_max_retrans = 1; }), "");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.path_max_retrans = -1; }), "path_max_retrans");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.path_max_retrans = 0; }), "");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.max_init_retransmits = 0; }),
            "max_init_retransmits");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.max_init_retransmits = 1; }), "");
}

TEST(AssociationOptionsTest, Heartbeats) {
  // Section 8.3: a heartbeat every RTO + HB.interval, so 0 is allowed.
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.hb_interval = Duration(-1); }), "hb_interval");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.hb_interval = Duration::zero(); }), "");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.hb_max_burst = 0; }), "hb_max_burst");
}

TEST(AssociationOptionsTest, SackDelayAtMost500Ms) {
  // Section 6.2: "MUST NOT allow ... 'SACK.Delay' ... to be configured to be
  // more than 500 ms".
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.sack_delay = milliseconds(500); }), "");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.sack_delay = Duration(500001); }), "sack_delay");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.sack_delay = Duration::zero(); }), "");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.sack_delay = Duration(-1); }), "sack_delay");
}

TEST(AssociationOptionsTest, SackFrequencyOneOrTwo) {
  // Section 6.2: a SACK for at least every second packet with DATA.
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.sack_frequency = 0; }), "sack_frequency");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.sack_frequency = 1; }), "");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.sack_frequency = 3; }), "sack_frequency");
}

TEST(AssociationOptionsTest, StreamCounts) {
  // Section 3.3.2: the peer discards an INIT with OS or MIS of zero.
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.outbound_streams = 0; }), "outbound_streams");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.max_inbound_streams = 0; }),
            "max_inbound_streams");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) {
              o.outbound_streams = 1;
              o.max_inbound_streams = 1;
            }),
            "");
}

TEST(AssociationOptionsTest, Buffers) {
  // Sections 3.3.2 and 3.3.3: a_rwnd at least 1500, 32 bits.
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) {
              o.receive_buffer_bytes = 1499;
              o.partial_delivery_point = 1000;
            }),
            "receive_buffer_bytes");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) {
              o.receive_buffer_bytes = 1500;
              o.partial_delivery_point = 1500;
            }),
            "");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.receive_buffer_bytes = size_t{1} << 32; }),
            "receive_buffer_bytes");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.receive_buffer_bytes = UINT32_MAX; }), "");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.send_buffer_bytes = 0; }), "send_buffer_bytes");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.partial_delivery_point = 0; }),
            "partial_delivery_point");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) {
              o.partial_delivery_point = o.receive_buffer_bytes + 1;
            }),
            "partial_delivery_point");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.max_message_size = o.send_buffer_bytes; }), "");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.max_message_size = o.send_buffer_bytes + 1; }),
            "max_message_size");
}

TEST(AssociationOptionsTest, PathMtu) {
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.path_mtu = 575; }), "path_mtu");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.path_mtu = 576; }), "");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.path_mtu = 1280; }), "");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.path_mtu = 9000; }), "");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.path_mtu = 65535; }), "");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.path_mtu = 65536; }), "path_mtu");
}

TEST(AssociationOptionsTest, OptionalTimers) {
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.shutdown_guard = Duration::zero(); }),
            "shutdown_guard");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.shutdown_guard = seconds(1); }), "");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.autoclose = Duration(-5); }), "autoclose");
  EXPECT_EQ(KeyAfter([](AssociationOptions& o) { o.autoclose = seconds(30); }), "");
}

}  // namespace
}  // namespace sctpdp
