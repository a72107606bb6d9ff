// SfuMetrics: a meeting's subscriptions gauge goes away with the meeting's
// last track (no label left behind per meeting ever seen), and refused
// NACKs are exported by reason.
#include "sfu_metrics.h"

#include <gtest/gtest.h>
#include <prometheus/registry.h>

#include <array>

#include "latency_histogram.h"
#include "sfu_test_packets.h"
#include "zt/rtcp/feedback.h"

namespace zt::sfu {
namespace {

using testing::ep;
using testing::Harness;

// The value of `family`'s sample with label `key`=`value`, or -1 if absent.
double sample(prometheus::Registry& r, const std::string& family, const std::string& key,
              const std::string& value) {
  for (const auto& f : r.Collect()) {
    if (f.name != family) continue;
    for (const auto& m : f.metric) {
      for (const auto& l : m.label) {
        if (l.name == key && l.value == value) return m.gauge.value + m.counter.value;
      }
    }
  }
  return -1;
}

TEST(SfuMetrics, AMeetingsSeriesGoesWithItsLastTrack) {
  Harness h;
  auto pub = h.join("m-gone", 5000);
  auto sub = h.join("m-gone", 5001);
  auto track = h.router.publish(pub.transport_id, TrackKind::kAudio, {1111});
  h.router.subscribe(sub.transport_id, track.track_id, 0);
  prometheus::Registry registry;
  LatencyHistogram latency;
  SfuMetrics metrics(registry, h.router, latency);
  metrics.sync();
  EXPECT_EQ(sample(registry, "zt_sfu_subscriptions", "meeting", "m-gone"), 1);
  h.router.remove_transport(pub.transport_id);
  metrics.sync();
  EXPECT_EQ(sample(registry, "zt_sfu_subscriptions", "meeting", "m-gone"), -1);
}

TEST(SfuMetrics, RefusedNacksAreExportedByReason) {
  Harness h;
  auto pub = h.join("m1", 5000);
  auto sub = h.join("m1", 5001);
  auto track = h.router.publish(pub.transport_id, TrackKind::kAudio, {1111});
  uint32_t out_ssrc = h.router.subscribe(sub.transport_id, track.track_id, 0)[0].out_ssrc;
  h.feed(ep(5000), testing::rtp_packet(1111, 7, 0, Bytes{1}));
  std::array<rtcp::NackItem, 3> items{{{7, 0}, {7, 0}, {7, 0}}};
  std::array<uint8_t, 64> buf{};
  auto n = rtcp::write_nack(42, out_ssrc, items, buf);
  h.feed(ep(5001), BytesView(buf.data(), *n));
  prometheus::Registry registry;
  LatencyHistogram latency;
  SfuMetrics metrics(registry, h.router, latency);
  metrics.sync();
  EXPECT_EQ(sample(registry, "zt_sfu_nack_refused_total", "reason", "duplicate"), 2);
  EXPECT_EQ(sample(registry, "zt_sfu_nack_refused_total", "reason", "budget"), 0);
}

}  // namespace
}  // namespace zt::sfu
