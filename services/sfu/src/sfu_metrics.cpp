#include "sfu_metrics.h"

#include "zt/metrics/metrics.h"

namespace zt::sfu {
namespace {

prometheus::Histogram::BucketBoundaries latency_bounds() {
  prometheus::Histogram::BucketBoundaries b;
  for (uint64_t us : LatencyHistogram::kBoundsUs) b.push_back(static_cast<double>(us) / 1e6);
  return b;
}

}  // namespace

SfuMetrics::SfuMetrics(prometheus::Registry& r, Router& router, const LatencyHistogram& latency)
    : router_(router), latency_(latency) {
  using metrics::counter_family;
  packets_in_.counter = &counter_family(r, "zt_sfu_packets_in_total", "UDP datagrams received").Add({});
  bytes_in_.counter = &counter_family(r, "zt_sfu_bytes_in_total", "UDP bytes received").Add({});
  packets_out_.counter = &counter_family(r, "zt_sfu_packets_out_total", "RTP packets forwarded").Add({});
  bytes_out_.counter = &counter_family(r, "zt_sfu_bytes_out_total", "RTP bytes forwarded").Add({});
  nacks_.counter = &counter_family(r, "zt_sfu_nacks_answered_total", "packets resent from the SFU's buffer").Add({});
  nack_bytes_.counter = &counter_family(r, "zt_sfu_nack_resent_bytes_total", "bytes resent for NACKs").Add({});
  bindings_.counter = &counter_family(r, "zt_sfu_stun_bindings_total", "ICE binding requests accepted").Add({});
  consents_.counter = &counter_family(r, "zt_sfu_consents_total", "consent checks answered (address moved)").Add({});
  bad_audio_levels_.counter = &counter_family(r, "zt_sfu_bad_audio_levels_total",
                                             "RFC 6464 audio-level elements of a wrong length (ignored)").Add({});
  speaker_changes_.counter =
      &counter_family(r, "zt_sfu_dominant_speaker_changes_total", "dominant-speaker changes, all meetings").Add({});
  auto& refusals = counter_family(r, "zt_sfu_nack_refused_total", "NACKed packets not resent, by reason");
  for (size_t i = 0; i < static_cast<size_t>(NackRefusal::kCount); ++i) {
    nack_refusals_.push_back(Mirror{&refusals.Add({{"reason", to_string(static_cast<NackRefusal>(i))}})});
  }
  auto& drops = counter_family(r, "zt_sfu_packets_dropped_total", "packets dropped, by reason");
  for (size_t i = 0; i < static_cast<size_t>(DropReason::kCount); ++i) {
    drops_.push_back(Mirror{&drops.Add({{"reason", to_string(static_cast<DropReason>(i))}})});
  }
  latency_hist_ = &metrics::histogram_family(r, "zt_sfu_forward_latency_seconds",
                                             "kernel receive timestamp to send, per batch")
                       .Add({}, latency_bounds());
  latency_last_.assign(LatencyHistogram::kBoundsUs.size() + 1, 0);
  transports_ = &metrics::gauge_family(r, "zt_sfu_transports", "joined transports").Add({});
  pending_consents_ =
      &metrics::gauge_family(r, "zt_sfu_pending_consents", "transports with a consent check in flight").Add({});
  buffer_bytes_ =
      &metrics::gauge_family(r, "zt_sfu_retransmit_buffer_bytes", "retransmission buffers allocated").Add({});
  tracks_ = &metrics::gauge_family(r, "zt_sfu_tracks", "published tracks").Add({});
  subscribers_ = &metrics::gauge_family(r, "zt_sfu_subscriptions", "subscriptions per meeting");
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!cv_.wait_for(lock, std::chrono::seconds(1), [this] { return stop_; })) {
      lock.unlock();
      sync();
      lock.lock();
    }
  });
}

SfuMetrics::~SfuMetrics() {
  {
    std::lock_guard<std::mutex> g(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void SfuMetrics::add_delta(Mirror& m, uint64_t now) {
  if (now > m.last) m.counter->Increment(static_cast<double>(now - m.last));
  m.last = now;
}

void SfuMetrics::sync() {
  auto& c = router_.counters();
  add_delta(packets_in_, c.packets_in.load(std::memory_order_relaxed));
  add_delta(bytes_in_, c.bytes_in.load(std::memory_order_relaxed));
  add_delta(packets_out_, c.packets_out.load(std::memory_order_relaxed));
  add_delta(bytes_out_, c.bytes_out.load(std::memory_order_relaxed));
  add_delta(nacks_, c.nacks_answered.load(std::memory_order_relaxed));
  add_delta(nack_bytes_, c.nack_bytes_resent.load(std::memory_order_relaxed));
  add_delta(bindings_, c.stun_bindings.load(std::memory_order_relaxed));
  add_delta(consents_, c.consents_established.load(std::memory_order_relaxed));
  add_delta(bad_audio_levels_, c.bad_audio_levels.load(std::memory_order_relaxed));
  add_delta(speaker_changes_, c.dominant_speaker_changes.load(std::memory_order_relaxed));
  for (size_t i = 0; i < drops_.size(); ++i) add_delta(drops_[i], c.dropped(static_cast<DropReason>(i)));
  for (size_t i = 0; i < nack_refusals_.size(); ++i) {
    add_delta(nack_refusals_[i], c.refused(static_cast<NackRefusal>(i)));
  }
  std::vector<double> increments(latency_last_.size());
  for (size_t i = 0; i < latency_last_.size(); ++i) {
    uint64_t now = latency_.count(i);
    increments[i] = static_cast<double>(now - latency_last_[i]);
    latency_last_[i] = now;
  }
  uint64_t sum = latency_.sum_us();
  latency_hist_->ObserveMultiple(increments, static_cast<double>(sum - latency_sum_last_) / 1e6);
  latency_sum_last_ = sum;
  RouterStats stats = router_.stats();
  transports_->Set(static_cast<double>(stats.transports));
  pending_consents_->Set(static_cast<double>(stats.pending_consents));
  buffer_bytes_->Set(static_cast<double>(stats.buffer_bytes));
  tracks_->Set(static_cast<double>(stats.tracks));
  for (auto it = subscriber_gauges_.begin(); it != subscriber_gauges_.end();) {
    if (stats.subscriptions_per_meeting.count(it->first)) {
      ++it;
      continue;
    }
    subscribers_->Remove(it->second);  // the meeting is gone from this node: so is its series
    it = subscriber_gauges_.erase(it);
  }
  for (const auto& [meeting, n] : stats.subscriptions_per_meeting) {
    auto& g = subscriber_gauges_[meeting];
    if (!g) g = &subscribers_->Add({{"meeting", meeting}});
    g->Set(static_cast<double>(n));
  }
}

}  // namespace zt::sfu
