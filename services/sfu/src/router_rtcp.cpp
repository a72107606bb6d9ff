// Router: RTCP. Sender reports go to the subscribers of that layer under
// their own SSRC; NACKs are answered from the retransmission buffer (what is
// missing there goes on to the publisher); PLI/FIR become a PLI to the
// publisher of the layer the subscriber receives. Receiver reports from
// subscribers are consumed: the SFU writes its own to publishers.
#include <algorithm>
#include <array>
#include <cstring>

#include "counter_bump.h"
#include "router.h"
#include "zt/rtcp/feedback.h"
#include "zt/rtcp/report.h"
#include "zt/rtp/big_endian.h"

namespace zt::sfu {
namespace {

uint64_t micros(SteadyTime t) {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count());
}

}  // namespace

void Router::on_rtcp(Transport& t, BytesView packet, SteadyTime now, OutputBatch& out) {
  rtcp::CompoundReader reader(packet);
  rtcp::PacketView part;
  while (reader.next(part)) {
    if (part.type == static_cast<uint8_t>(rtcp::PacketType::kSenderReport)) {
      auto sr = rtcp::parse_report(part);
      if (!sr) return counters_.drop(DropReason::kMalformedRtcp);
      auto it = by_ssrc_.find(sr->ssrc);
      if (it == by_ssrc_.end()) return counters_.drop(DropReason::kUnknownSsrc);
      if (it->second.track->publisher != &t) return counters_.drop(DropReason::kSsrcNotOwned);
      Track& track = *it->second.track;
      track.layers[it->second.layer].stats.on_sender_report(sr->sender.ntp_timestamp, micros(now));
      forward_sender_report(track, it->second.layer, part.raw, out);
    } else if (part.type == static_cast<uint8_t>(rtcp::PacketType::kTransportFeedback) ||
               part.type == static_cast<uint8_t>(rtcp::PacketType::kPayloadFeedback)) {
      on_feedback(t, part.raw, now, out);
    }
  }
  if (reader.failed()) counters_.drop(DropReason::kMalformedRtcp);
}

void Router::forward_sender_report(const Track& track, size_t layer, BytesView part, OutputBatch& out) {
  rtcp::PacketView view;
  rtcp::CompoundReader reader(part);
  if (!reader.next(view)) return;
  auto sr = rtcp::parse_report(view);
  if (!sr) return;
  for (Subscription* s : track.subscribers) {
    if (s->stream.current_layer() != static_cast<int>(layer) || !s->subscriber->bound) continue;
    rtcp::SenderInfo info = sr->sender;
    info.rtp_timestamp = s->stream.out_timestamp(info.rtp_timestamp);
    MutableBytesView buf = out.add(s->subscriber->address, s->subscriber->id, 28);
    if (buf.empty()) return counters_.drop(DropReason::kOutputFull);
    (void)rtcp::write_sender_report(s->stream.out_ssrc(), info, {}, buf);
  }
}

void Router::on_feedback(Transport& t, BytesView part_bytes, SteadyTime now, OutputBatch& out) {
  rtcp::CompoundReader reader(part_bytes);
  rtcp::PacketView part;
  if (!reader.next(part)) return counters_.drop(DropReason::kMalformedRtcp);
  auto fb = rtcp::parse_feedback(part);
  if (!fb) return counters_.drop(DropReason::kMalformedRtcp);
  if (fb->kind == rtcp::FeedbackKind::kOther) return;
  uint32_t media = fb->kind == rtcp::FeedbackKind::kFir ? fb->fir(0).ssrc : fb->media_ssrc;
  auto it = by_out_ssrc_.find(media);
  if (it == by_out_ssrc_.end()) return counters_.drop(DropReason::kUnknownSsrc);
  Subscription& s = *it->second;
  if (s.subscriber != &t) return counters_.drop(DropReason::kSsrcNotOwned);
  if (fb->kind == rtcp::FeedbackKind::kNack) return answer_nack(s, *fb, now, out);
  int layer = s.stream.current_layer() >= 0 ? s.stream.current_layer() : s.stream.max_layer();
  request_key_frame(*s.track, static_cast<size_t>(layer), now, out, true);
}

// Each distinct sequence number once, at most nack_max_packets of them, each
// within the subscriber's resend budget; what the buffer no longer holds is
// asked of the publisher (one NACK of at most 16 items).
void Router::answer_nack(Subscription& s, const rtcp::Feedback& nack, SteadyTime now, OutputBatch& out) {
  int layer = s.stream.current_layer();
  if (layer < 0) return;
  Layer& l = s.track->layers[static_cast<size_t>(layer)];
  std::array<uint16_t, kMaxNackPackets> wanted{};
  size_t n_wanted = distinct_nacked(nack, wanted);
  uint16_t missing[64];
  size_t n_missing = 0;
  for (size_t i = 0; i < n_wanted; ++i) {
    uint16_t in_seq = s.stream.in_sequence(wanted[i]);
    BytesView kept = l.rtx->find(in_seq, now);
    if (kept.empty()) {
      if (n_missing < 64) missing[n_missing++] = in_seq;
    } else if (!take_resend_budget(*s.subscriber, kept.size(), now)) {
      counters_.refuse(NackRefusal::kBudget);
    } else if (resend(s, kept, in_seq, out)) {
      bump(counters_.nacks_answered);
      bump(counters_.nack_bytes_resent, kept.size());
    }
  }
  Transport& pub = *s.track->publisher;
  if (n_missing == 0 || !pub.bound) return;
  rtcp::NackItem items[16];
  size_t n = rtcp::pack_nack_items(std::span(missing, n_missing), items);
  MutableBytesView buf = out.add(pub.address, pub.id, 12 + 4 * n);
  if (buf.empty()) return counters_.drop(DropReason::kOutputFull);
  (void)rtcp::write_nack(options_.sfu_ssrc, l.ssrc, std::span(items, n), buf);
}

// The NACK's sequence numbers into `out`, each once and at most
// nack_max_packets; counts the rest as refused. nack_seen_ is clear again
// on return.
size_t Router::distinct_nacked(const rtcp::Feedback& nack, std::span<uint16_t> out) {
  size_t limit = std::min(out.size(), options_.nack_max_packets);
  size_t n = 0;
  auto seen = [this](uint16_t seq) -> uint64_t& { return nack_seen_[seq >> 6]; };
  nack.for_each_nacked([&](uint16_t seq) {
    uint64_t bit = uint64_t{1} << (seq & 63);
    if (seen(seq) & bit) return counters_.refuse(NackRefusal::kDuplicate);
    if (n == limit) return counters_.refuse(NackRefusal::kPerNackCap);
    seen(seq) |= bit;
    out[n++] = seq;
  });
  for (size_t i = 0; i < n; ++i) seen(out[i]) = 0;
  return n;
}

bool Router::take_resend_budget(Transport& t, size_t bytes, SteadyTime now) {
  ResendBudget& b = t.resend_budget;
  if (now > b.refilled_at) {
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(now - b.refilled_at).count();
    uint64_t elapsed = std::min<uint64_t>(static_cast<uint64_t>(ns), 1000000000u);
    b.tokens = std::min(options_.nack_burst_bytes, b.tokens + options_.nack_bytes_per_second * elapsed / 1000000000u);
    b.refilled_at = now;
  }
  if (b.tokens < bytes) return false;
  b.tokens -= bytes;
  return true;
}

// A resend is copied whole into the output arena (not sent from the buffer
// as a tail): later packets of the same batch may overwrite the buffer.
bool Router::resend(Subscription& s, BytesView kept, uint16_t in_seq, OutputBatch& out) {
  Transport& d = *s.subscriber;
  if (!d.bound) return false;
  MutableBytesView buf = out.add(d.address, d.id, kept.size());
  if (buf.empty()) {
    counters_.drop(DropReason::kOutputFull);
    return false;
  }
  std::memcpy(buf.data(), kept.data(), kept.size());
  rtp::store_be16(buf.data() + 2, s.stream.out_sequence(in_seq));
  rtp::store_be32(buf.data() + 4, s.stream.out_timestamp(rtp::load_be32(kept.data() + 4)));
  rtp::store_be32(buf.data() + 8, s.stream.out_ssrc());
  return true;
}

// RTCP from an address whose consent check is still open: dropped; its
// NACKs are counted by the sequence numbers they ask for.
void Router::refuse_unconsented(BytesView packet) {
  rtcp::CompoundReader reader(packet);
  rtcp::PacketView part;
  while (reader.next(part)) {
    if (part.type != static_cast<uint8_t>(rtcp::PacketType::kTransportFeedback)) continue;
    auto fb = rtcp::parse_feedback(part);
    if (!fb || fb->kind != rtcp::FeedbackKind::kNack) continue;
    uint64_t n = 0;
    fb->for_each_nacked([&n](uint16_t) { ++n; });
    counters_.refuse(NackRefusal::kUnconsentedSource, n);
  }
}

void Router::request_key_frame(Track& track, size_t layer, SteadyTime now, OutputBatch& out, bool force) {
  if (layer >= track.layers.size()) return;
  Layer& l = track.layers[layer];
  auto interval = force ? options_.key_frame_request_interval / 3 : options_.key_frame_request_interval;
  if (now - l.last_key_frame_request < interval) return;
  Transport& pub = *track.publisher;
  if (!pub.bound) return;
  l.last_key_frame_request = now;
  MutableBytesView buf = out.add(pub.address, pub.id, 12);
  if (buf.empty()) return counters_.drop(DropReason::kOutputFull);
  (void)rtcp::write_pli(options_.sfu_ssrc, l.ssrc, buf);
}

void Router::on_tick(SteadyTime now, OutputBatch& out) {
  for (auto& [id, t] : transports_) {
    if (t->bound && now - t->last_consent > options_.consent_timeout) expire(*t);
  }
  for (auto& [id, track] : tracks_) {
    Transport& pub = *track->publisher;
    if (!pub.bound) continue;
    for (Layer& l : track->layers) {
      if (l.stats.received() == 0) continue;
      rtcp::ReportBlock block = l.stats.report(l.ssrc, micros(now));
      MutableBytesView buf = out.add(pub.address, pub.id, 32);
      if (buf.empty()) return counters_.drop(DropReason::kOutputFull);
      (void)rtcp::write_receiver_report(options_.sfu_ssrc, std::span(&block, 1), buf);
    }
  }
}

}  // namespace zt::sfu
