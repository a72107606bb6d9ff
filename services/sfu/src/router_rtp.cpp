// Router: RTP forwarding. The payload (SFrame ciphertext) is forwarded byte
// for byte; only SSRC, sequence number and timestamp (the 12-byte fixed
// header) are rewritten per subscriber, into the output arena, and the rest
// of the packet is sent from the receive buffer itself (OutputBatch tail).
// Layers come from the plaintext frame-marking extension. Counters are
// bumped once per received packet, not once per copy.
#include <cstring>

#include "counter_bump.h"
#include "router.h"
#include "zt/rtcp/packet.h"
#include "zt/rtp/audio_level.h"
#include "zt/rtp/big_endian.h"
#include "zt/rtp/frame_marking.h"
#include "zt/rtp/packet.h"

namespace zt::sfu {
namespace {

// now * clock_rate in media clock ticks (mod 2^32), without a 128-bit
// division per packet: whole seconds and the nanosecond rest separately.
uint32_t media_clock(SteadyTime now, uint32_t clock_rate) {
  auto ns = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count());
  uint64_t seconds = ns / 1000000000u;
  uint64_t rest = ns % 1000000000u;
  return static_cast<uint32_t>(seconds * clock_rate + rest * clock_rate / 1000000000u);
}

}  // namespace

void Router::on_datagram(const Endpoint& from, BytesView packet, SteadyTime now, OutputBatch& out) {
  bump(counters_.packets_in);
  bump(counters_.bytes_in, packet.size());
  uint8_t first = packet.empty() ? 255 : packet[0];
  if (first <= 3) return on_stun(from, packet, now, out);
  if (first < 128 || first > 191) return counters_.drop(DropReason::kUnknownProtocol);
  Transport* t = bound_transport(from, now);
  if (!t) {
    if (rtcp::looks_like_rtcp(packet) && by_pending_.count(from)) refuse_unconsented(packet);
    return;
  }
  if (rtcp::looks_like_rtcp(packet)) return on_rtcp(*t, packet, now, out);
  on_rtp(*t, packet, now, out);
}

void Router::on_rtp(Transport& t, BytesView packet, SteadyTime now, OutputBatch& out) {
  auto rtp = rtp::RtpPacketView::parse(packet);
  if (!rtp) return counters_.drop(DropReason::kMalformedRtp);
  const rtp::RtpHeader& h = rtp->header();
  auto it = by_ssrc_.find(h.ssrc);
  if (it == by_ssrc_.end()) return counters_.drop(DropReason::kUnknownSsrc);
  Track& track = *it->second.track;
  if (track.publisher != &t) return counters_.drop(DropReason::kSsrcNotOwned);
  uint8_t layer = it->second.layer;
  Layer& l = track.layers[layer];
  l.rtx->store(h.sequence, packet, now);
  l.stats.on_packet(h.sequence, h.timestamp, media_clock(now, track.clock_rate));

  PacketInfo info{layer, track.kind == TrackKind::kAudio, false, 0, h.sequence, h.timestamp, now};
  if (track.speakers) {
    on_audio_level(track, *rtp, now);
    // Audio last-N: only the loudest speakers' audio goes out.
    if (!track.speakers->forwarded(track.speaker_slot)) {
      if (!track.subscribers.empty()) counters_.drop(DropReason::kNotLoudest, track.subscribers.size());
      return;
    }
  }
  if (track.kind == TrackKind::kVideo) {
    if (auto ext = rtp->extensions().find(options_.frame_marking_id)) {
      if (auto fm = rtp::parse_frame_marking(*ext)) {
        info.switch_point = fm->independent && fm->start_of_frame;
        info.has_temporal = fm->scalable;
        info.temporal_id = fm->temporal_id;
      }
    }
  }
  bool want_key_frame = false;
  uint64_t forwarded = 0;
  uint64_t filtered = 0;
  for (Subscription* s : track.subscribers) {
    switch (s->stream.decide(info)) {
      case SubscriberStream::Decision::kForward:
        forwarded += send_copy(*s, packet, h.sequence, h.timestamp, out) ? 1 : 0;
        break;
      case SubscriberStream::Decision::kDropWantKeyFrame:
        want_key_frame = true;
        [[fallthrough]];
      case SubscriberStream::Decision::kDrop:
        ++filtered;
        break;
    }
  }
  if (forwarded) {
    bump(counters_.packets_out, forwarded);
    bump(counters_.bytes_out, forwarded * packet.size());
  }
  if (filtered) counters_.drop(DropReason::kLayerFiltered, filtered);
  if (want_key_frame) request_key_frame(track, layer, now, out, false);
}

// The RFC 6464 level, when the packet carries one, feeds the meeting's
// detector; a malformed one is counted and ignored (the packet still goes
// out). A change of dominant speaker is announced to the meeting.
void Router::on_audio_level(Track& track, const rtp::RtpPacketView& rtp, SteadyTime now) {
  DominantSpeaker& d = *track.speakers;
  if (auto ext = rtp.extensions().find(options_.audio_level_id)) {
    if (auto level = rtp::parse_audio_level(*ext)) {
      d.on_level(track.speaker_slot, level->level);
    } else {
      bump(counters_.bad_audio_levels);
    }
  }
  if (!d.due(now) || !d.evaluate(now)) return;
  bump(counters_.dominant_speaker_changes);
  auto it = tracks_.find(d.dominant_track());
  if (it != tracks_.end()) {
    emit(RouterEvent{RouterEvent::Type::kDominantSpeaker, track.meeting, 0, info(*it->second), 0, 0});
  }
}

bool Router::send_copy(Subscription& s, BytesView packet, uint16_t in_seq, uint32_t in_ts, OutputBatch& out) {
  Transport& d = *s.subscriber;
  if (!d.bound) return false;
  // parse() accepted the packet, so it holds at least the fixed header.
  MutableBytesView head = out.add_with_tail(d.address, d.id, rtp::kFixedHeaderSize,
                                            packet.subspan(rtp::kFixedHeaderSize));
  if (head.empty()) {
    counters_.drop(DropReason::kOutputFull);
    return false;
  }
  std::memcpy(head.data(), packet.data(), 2);
  rtp::store_be16(head.data() + 2, s.stream.out_sequence(in_seq));
  rtp::store_be32(head.data() + 4, s.stream.out_timestamp(in_ts));
  rtp::store_be32(head.data() + 8, s.stream.out_ssrc());
  return true;
}

}  // namespace zt::sfu
