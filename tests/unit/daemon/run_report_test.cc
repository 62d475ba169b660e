#include "control/daemon/run_report.h"

#include <gtest/gtest.h>

namespace sctpdp {
namespace {

using std::chrono::seconds;

RunSnapshot At(int second, uint64_t messages, uint64_t drops_checksum) {
  RunSnapshot snapshot;
  snapshot.elapsed = seconds(second);
  snapshot.messages_sent = messages;
  snapshot.bytes_sent = messages * 128;
  snapshot.messages_received = messages / 2;
  snapshot.bytes_received = messages / 2 * 128;
  snapshot.associations = 200;
  snapshot.retransmissions = 5u * static_cast<uint64_t>(second);
  snapshot.drops = {{"bad_checksum", drops_checksum}, {"no_route", 0}};
  return snapshot;
}

TEST(RunReportTest, LiveLineShowsRatesOverTheInterval) {
  const std::string line = LiveLine(At(2, 1'000'000, 3), At(3, 3'500'000, 7));
  EXPECT_EQ(line,
            "[   3s] tx 2.50M msg/s 2.56 Gbit/s | rx 1.25M msg/s 1.28 Gbit/s | assoc 200 | rtx 5 "
            "| drops 4 (bad_checksum 4)");
}

TEST(RunReportTest, LiveLineShowsRttOnlyWithSamples) {
  RunSnapshot now = At(1, 10, 0);
  now.rtt_samples = 10;
  now.rtt_p50 = std::chrono::microseconds(85);
  now.rtt_p99 = std::chrono::microseconds(210);
  EXPECT_NE(LiveLine(At(0, 0, 0), now).find("| rtt p50 85us p99 210us |"), std::string::npos);
  EXPECT_EQ(LiveLine(At(0, 0, 0), At(1, 10, 0)).find("rtt"), std::string::npos);
}

TEST(RunReportTest, SummaryNamesEveryDropCounter) {
  const std::string summary = Summary(At(10, 1'000'000, 2));
  EXPECT_NE(summary.find("messages sent"), std::string::npos);
  EXPECT_NE(summary.find("100.0k msg/s"), std::string::npos);
  EXPECT_NE(summary.find("bad_checksum"), std::string::npos);
  EXPECT_NE(summary.find("no_route"), std::string::npos);
}

TEST(RunReportTest, HumanCount) {
  EXPECT_EQ(HumanCount(999), "999");
  EXPECT_EQ(HumanCount(1234), "1.2k");
  EXPECT_EQ(HumanCount(1'234'567), "1.23M");
  EXPECT_EQ(HumanCount(2.5e9), "2.50G");
}

}  // namespace
}  // namespace sctpdp
