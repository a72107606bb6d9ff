// The SFU's forwarding core, independent of sockets: it takes datagrams
// (source address + bytes) and writes the datagrams to send into an
// OutputBatch. The control plane (gRPC) creates transports, tracks and
// subscriptions through the same object. One mutex guards the tables; the
// UDP workers take it once per receive batch, not per packet.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dominant_speaker.h"
#include "drop_reason.h"
#include "media_tables.h"
#include "output_batch.h"
#include "router_error.h"
#include "zt/rtcp/feedback.h"
#include "zt/rtp/packet.h"
#include "zt/stun/message.h"

namespace zt::sfu {

struct RouterOptions {
  // A transport whose address has had no consent for this long (and one
  // that never got consent, counted from its Join) is unbound at once and
  // removed by reap_expired().
  std::chrono::milliseconds consent_timeout{30000};
  // At most one consent check per transport per interval (a new address
  // gets one at once).
  std::chrono::milliseconds consent_check_interval{200};
  // Retransmission buffers, sized by what a stream needs: audio, and video
  // by simulcast rank (the top layer of a track first, then the ones below).
  size_t audio_rtx_bytes = 16 << 10;
  std::array<size_t, 3> video_rtx_bytes{512 << 10, 160 << 10, 64 << 10};
  // NACKs: distinct packets one NACK may have resent, and each subscriber's
  // resend budget (a token bucket in bytes).
  size_t nack_max_packets = 64;
  uint64_t nack_bytes_per_second = 256 << 10;
  uint64_t nack_burst_bytes = 64 << 10;
  std::chrono::milliseconds key_frame_request_interval{300};
  uint8_t frame_marking_id = 1;  // docs/media-format.md
  uint8_t audio_level_id = 2;    // RFC 6464, docs/media-format.md
  // Dominant speaker and audio last-N (speakers.last_n is sfu.audio_last_n).
  SpeakerOptions speakers;
  uint32_t sfu_ssrc = 0x5F550001;  // sender SSRC of the SFU's own RTCP
};

struct TransportCredentials {
  uint32_t transport_id = 0;
  std::string ufrag;
  std::string password;
};

struct TrackInfo {
  uint32_t track_id = 0;
  std::string meeting;
  uint32_t publisher_transport = 0;
  std::string publisher_device;
  uint32_t publisher_leaf = 0;
  TrackKind kind = TrackKind::kAudio;
  std::vector<uint32_t> layer_ssrcs;
};

struct SubscribedTrack {
  TrackInfo track;
  uint32_t out_ssrc = 0;  // the SSRC the subscriber will see
  uint8_t max_layer = 0;
};

// Meeting events for the control plane's server streams.
struct RouterEvent {
  enum class Type : uint8_t { kTrackAdded, kTrackRemoved, kLayerChanged, kSubscribed, kDominantSpeaker };
  Type type = Type::kTrackAdded;
  std::string meeting;
  uint32_t transport_id = 0;  // for kSubscribed / kLayerChanged: the subscriber; else 0 (all)
  TrackInfo track;
  uint32_t out_ssrc = 0;
  uint8_t layer = 0;
};
using EventSink = std::function<void(const RouterEvent&)>;

struct RouterStats {
  size_t transports = 0;
  size_t tracks = 0;
  size_t pending_consents = 0;  // transports with a consent check in flight
  size_t buffer_bytes = 0;      // retransmission buffers allocated
  std::map<std::string, size_t> subscriptions_per_meeting;
};

class Router {
 public:
  static constexpr size_t kMaxNackPackets = 256;  // upper bound of RouterOptions::nack_max_packets

  // `random` fills bytes for ICE credentials and SSRCs.
  Router(RouterOptions options, std::function<void(MutableBytesView)> random,
         std::function<std::unique_ptr<stun::IntegrityKey>(const std::string& password)> key_factory);

  void set_event_sink(EventSink sink);

  // Control plane; throw RouterError.
  // `join_address`: the address the Join came from (its port ignored), or
  // unset. While the transport has no consented address, a binding request
  // from that IP gets consent at once (the gRPC connection's handshake showed
  // the IP reaches us); any other address must answer a consent check first.
  TransportCredentials create_transport(const std::string& meeting, const std::string& device, uint32_t leaf_index,
                                        SteadyTime now, const Endpoint& join_address = {});
  void remove_transport(uint32_t transport_id);
  // Removes every transport whose consent timed out (or that never got
  // consent within the timeout); returns their ids.
  std::vector<uint32_t> reap_expired(SteadyTime now);
  TrackInfo publish(uint32_t transport_id, TrackKind kind, const std::vector<uint32_t>& layer_ssrcs);
  void unpublish(uint32_t transport_id, uint32_t track_id);
  std::vector<SubscribedTrack> subscribe(uint32_t transport_id, std::optional<uint32_t> track_id, uint8_t max_layer);
  void set_max_layer(uint32_t transport_id, uint32_t track_id, uint8_t max_layer);
  void unsubscribe(uint32_t transport_id, uint32_t track_id);
  std::vector<TrackInfo> tracks(const std::string& meeting) const;
  std::string transport_meeting(uint32_t transport_id) const;
  size_t transport_count() const;
  RouterStats stats() const;

  // Data plane: the caller holds lock() for a whole batch.
  std::unique_lock<std::mutex> lock() { return std::unique_lock<std::mutex>(mutex_); }
  void on_datagram(const Endpoint& from, BytesView packet, SteadyTime now, OutputBatch& out);
  // Once a second or so: consent expiry and receiver reports.
  void on_tick(SteadyTime now, OutputBatch& out);

  DataPlaneCounters& counters() { return counters_; }

 private:
  void on_stun(const Endpoint& from, BytesView packet, SteadyTime now, OutputBatch& out);
  void on_binding_request(const Endpoint& from, const stun::MessageView& m, SteadyTime now, OutputBatch& out);
  void on_consent_answer(const Endpoint& from, const stun::MessageView& m, SteadyTime now);
  void answer_binding(Transport& t, const Endpoint& from, const stun::MessageView& m, OutputBatch& out);
  void check_consent(Transport& t, const Endpoint& from, const stun::MessageView& m, SteadyTime now,
                     OutputBatch& out);
  void clear_pending(Transport& t);
  void refuse_unconsented(BytesView packet);
  void on_rtp(Transport& t, BytesView packet, SteadyTime now, OutputBatch& out);
  void on_rtcp(Transport& t, BytesView packet, SteadyTime now, OutputBatch& out);
  void forward_sender_report(const Track& track, size_t layer, BytesView part, OutputBatch& out);
  void on_feedback(Transport& t, BytesView part, SteadyTime now, OutputBatch& out);
  void answer_nack(Subscription& s, const rtcp::Feedback& nack, SteadyTime now, OutputBatch& out);
  size_t distinct_nacked(const rtcp::Feedback& nack, std::span<uint16_t> out);
  bool take_resend_budget(Transport& t, size_t bytes, SteadyTime now);
  bool resend(Subscription& s, BytesView kept, uint16_t in_seq, OutputBatch& out);
  void on_audio_level(Track& track, const rtp::RtpPacketView& rtp, SteadyTime now);
  void request_key_frame(Track& track, size_t layer, SteadyTime now, OutputBatch& out, bool force);
  bool send_copy(Subscription& s, BytesView packet, uint16_t in_seq, uint32_t in_ts, OutputBatch& out);
  Transport* bound_transport(const Endpoint& from, SteadyTime now);
  void bind(Transport& t, const Endpoint& from);
  void expire(Transport& t);
  void remove(Transport& t);
  size_t rtx_bytes(TrackKind kind, size_t layer, size_t layers) const;

  Transport& transport_or_throw(uint32_t id) const;
  Track& owned_track_or_throw(const Transport& t, uint32_t track_id) const;
  Subscription* find_subscription(const Transport& t, uint32_t track_id) const;
  SubscribedTrack attach(Transport& t, Track& track, uint8_t max_layer);
  void detach(Subscription* s);
  void drop_track(Track& track);
  uint32_t fresh_ssrc();
  std::string random_token(size_t chars);
  TrackInfo info(const Track& track) const;
  void emit(const RouterEvent& e) const;

  RouterOptions options_;
  std::function<void(MutableBytesView)> random_;
  std::function<std::unique_ptr<stun::IntegrityKey>(const std::string&)> key_factory_;
  EventSink sink_;
  mutable std::mutex mutex_;
  DataPlaneCounters counters_;
  uint32_t next_id_ = 1;
  std::unordered_map<uint32_t, std::unique_ptr<Transport>> transports_;
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Transport*, StringHash, std::equal_to<>> by_ufrag_;
  std::unordered_map<Endpoint, Transport*, EndpointHash> by_address_;  // consented addresses
  std::unordered_map<Endpoint, Transport*, EndpointHash> by_pending_;  // addresses with a consent check in flight
  std::unordered_map<uint32_t, std::unique_ptr<Track>> tracks_;
  struct SsrcRef {
    Track* track;
    uint8_t layer;
  };
  std::unordered_map<uint32_t, SsrcRef> by_ssrc_;
  // One detector per meeting with audio tracks; Track::speakers points into it.
  std::unordered_map<std::string, std::unique_ptr<DominantSpeaker>, StringHash, std::equal_to<>> speakers_;
  std::unordered_map<uint32_t, std::unique_ptr<Subscription>> by_out_ssrc_;
  std::array<uint64_t, 1024> nack_seen_{};  // one bit per sequence number, clear between NACKs
};

}  // namespace zt::sfu
