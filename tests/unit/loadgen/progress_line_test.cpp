// The load generator's progress line: rates over the last interval, loss so
// far from expected vs received, one sample per interval.
#include "progress_line.h"

#include <gtest/gtest.h>

namespace zt::loadgen {
namespace {

using namespace std::chrono_literals;

TEST(ProgressLineTest, ShowsElapsedRatesLossAndP99) {
  ProgressSample s{3.0, 412, 4122, 0.0125, 4161};
  EXPECT_EQ(progress_line(s), "[   3.0s] in 412 pkt/s  out 4122 pkt/s  loss 1.25%  p99 4161 us");
}

TEST(ProgressLineTest, MeterTakesRatesOverTheLastInterval) {
  const auto t0 = ProgressMeter::Clock::time_point{} + 100s;
  ProgressMeter meter(t0);
  EXPECT_FALSE(meter.due(t0 + 999ms));
  ASSERT_TRUE(meter.due(t0 + 1s));
  ProgressSample a = meter.sample(t0 + 1s, 400, 3900, 4000, 250);
  EXPECT_DOUBLE_EQ(a.elapsed_s, 1.0);
  EXPECT_DOUBLE_EQ(a.pps_in, 400);
  EXPECT_DOUBLE_EQ(a.pps_out, 3900);
  EXPECT_NEAR(a.loss, 0.025, 1e-12);
  EXPECT_DOUBLE_EQ(a.p99_us, 250);
  EXPECT_FALSE(meter.due(t0 + 1500ms));
  ProgressSample b =
      meter.sample(t0 + 3s, 1200, 11900, 11900, 300);  // a late sample: 2 s since the last
  EXPECT_DOUBLE_EQ(b.pps_in, 400);
  EXPECT_DOUBLE_EQ(b.pps_out, 4000);
  EXPECT_DOUBLE_EQ(b.loss, 0.0);
  EXPECT_FALSE(meter.due(t0 + 3500ms));
  EXPECT_TRUE(meter.due(t0 + 4s));
}

}  // namespace
}  // namespace zt::loadgen
