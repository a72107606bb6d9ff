// Router: RTCP. Sender reports go to the subscribers of that layer under
// their own SSRC; NACKs are answered from the retransmission buffer (what is
// missing there goes on to the publisher); PLI/FIR become a PLI to the
// publisher of the layer the subscriber receives. Receiver reports from
// subscribers are consumed: the SFU writes its own to publishers.
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

void Router::answer_nack(Subscription& s, const rtcp::Feedback& nack, SteadyTime now, OutputBatch& out) {
  int layer = s.stream.current_layer();
  if (layer < 0) return;
  Layer& l = s.track->layers[static_cast<size_t>(layer)];
  uint16_t missing[64];
  size_t n_missing = 0;
  nack.for_each_nacked([&](uint16_t out_seq) {
    uint16_t in_seq = s.stream.in_sequence(out_seq);
    BytesView kept = l.rtx->find(in_seq, now);
    if (!kept.empty() && send_copy(s, kept, in_seq, rtp::load_be32(kept.data() + 4), out)) {
      bump(counters_.nacks_answered);
    } else if (n_missing < 64) {
      missing[n_missing++] = in_seq;
    }
  });
  Transport& pub = *s.track->publisher;
  if (n_missing == 0 || !pub.bound) return;
  rtcp::NackItem items[16];
  size_t n = rtcp::pack_nack_items(std::span(missing, n_missing), items);
  MutableBytesView buf = out.add(pub.address, pub.id, 12 + 4 * n);
  if (buf.empty()) return counters_.drop(DropReason::kOutputFull);
  (void)rtcp::write_nack(options_.sfu_ssrc, l.ssrc, std::span(items, n), buf);
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
