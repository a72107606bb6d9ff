// Router: transports, tracks and subscriptions (the control plane side).
#include <algorithm>

#include "router.h"

namespace zt::sfu {
namespace {

constexpr uint32_t kVideoClockRate = 90000;
constexpr uint32_t kAudioClockRate = 48000;
constexpr size_t kMaxLayers = 3;
constexpr size_t kRtxBytesPerSlot = 256;  // slots for packets of this average size

template <class T>
void erase_value(std::vector<T>& v, const T& value) {
  v.erase(std::remove(v.begin(), v.end(), value), v.end());
}

}  // namespace

Router::Router(RouterOptions options, std::function<void(MutableBytesView)> random,
               std::function<std::unique_ptr<stun::IntegrityKey>(const std::string&)> key_factory)
    : options_(options), random_(std::move(random)), key_factory_(std::move(key_factory)) {}

void Router::set_event_sink(EventSink sink) {
  std::lock_guard<std::mutex> g(mutex_);
  sink_ = std::move(sink);
}

void Router::emit(const RouterEvent& e) const {
  if (sink_) sink_(e);
}

std::string Router::random_token(size_t chars) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  Bytes raw(chars);
  random_(raw);
  std::string s(chars, 'A');
  for (size_t i = 0; i < chars; ++i) s[i] = kAlphabet[raw[i] & 63];
  return s;
}

uint32_t Router::fresh_ssrc() {
  for (;;) {
    uint8_t b[4];
    random_(MutableBytesView(b, 4));
    uint32_t ssrc = uint32_t{b[0]} << 24 | uint32_t{b[1]} << 16 | uint32_t{b[2]} << 8 | b[3];
    if (ssrc != 0 && ssrc != options_.sfu_ssrc && !by_ssrc_.count(ssrc) && !by_out_ssrc_.count(ssrc)) return ssrc;
  }
}

TransportCredentials Router::create_transport(const std::string& meeting, const std::string& device,
                                              uint32_t leaf_index, SteadyTime now, const Endpoint& join_address) {
  std::lock_guard<std::mutex> g(mutex_);
  auto t = std::make_unique<Transport>();
  t->id = next_id_++;
  t->meeting = meeting;
  t->device = device;
  t->leaf_index = leaf_index;
  do {
    t->ufrag = random_token(8);
  } while (by_ufrag_.count(t->ufrag));
  std::string password = random_token(24);
  t->key = key_factory_(password);
  t->last_consent = now;
  t->join_address = join_address;
  t->join_address.port = 0;
  t->resend_budget = ResendBudget{options_.nack_burst_bytes, now};
  TransportCredentials c{t->id, t->ufrag, password};
  by_ufrag_[t->ufrag] = t.get();
  transports_[t->id] = std::move(t);
  return c;
}

Transport& Router::transport_or_throw(uint32_t id) const {
  auto it = transports_.find(id);
  if (it == transports_.end()) throw RouterError(RouterError::Code::kNotFound, "unknown transport");
  return *it->second;
}

Track& Router::owned_track_or_throw(const Transport& t, uint32_t track_id) const {
  auto it = tracks_.find(track_id);
  if (it == tracks_.end()) throw RouterError(RouterError::Code::kNotFound, "unknown track");
  if (it->second->meeting != t.meeting) {
    throw RouterError(RouterError::Code::kPermissionDenied, "track belongs to another meeting");
  }
  return *it->second;
}

void Router::remove_transport(uint32_t transport_id) {
  std::lock_guard<std::mutex> g(mutex_);
  remove(transport_or_throw(transport_id));
}

std::vector<uint32_t> Router::reap_expired(SteadyTime now) {
  std::lock_guard<std::mutex> g(mutex_);
  std::vector<uint32_t> expired;
  for (const auto& [id, t] : transports_) {
    if (now - t->last_consent > options_.consent_timeout) expired.push_back(id);
  }
  for (uint32_t id : expired) remove(*transports_.at(id));
  return expired;
}

void Router::remove(Transport& t) {
  for (uint32_t track_id : std::vector<uint32_t>(t.tracks)) drop_track(*tracks_.at(track_id));
  for (Subscription* s : std::vector<Subscription*>(t.subscriptions)) detach(s);
  expire(t);
  clear_pending(t);
  by_ufrag_.erase(t.ufrag);
  transports_.erase(t.id);
}

size_t Router::rtx_bytes(TrackKind kind, size_t layer, size_t layers) const {
  if (kind == TrackKind::kAudio) return options_.audio_rtx_bytes;
  size_t rank = std::min(layers - 1 - layer, options_.video_rtx_bytes.size() - 1);  // 0: the track's top layer
  return options_.video_rtx_bytes[rank];
}

TrackInfo Router::info(const Track& track) const {
  TrackInfo i;
  i.track_id = track.id;
  i.meeting = track.meeting;
  i.publisher_transport = track.publisher->id;
  i.publisher_device = track.publisher->device;
  i.publisher_leaf = track.publisher->leaf_index;
  i.kind = track.kind;
  for (const auto& l : track.layers) i.layer_ssrcs.push_back(l.ssrc);
  return i;
}

TrackInfo Router::publish(uint32_t transport_id, TrackKind kind, const std::vector<uint32_t>& layer_ssrcs) {
  std::lock_guard<std::mutex> g(mutex_);
  Transport& t = transport_or_throw(transport_id);
  if (layer_ssrcs.empty() || layer_ssrcs.size() > kMaxLayers || (kind == TrackKind::kAudio && layer_ssrcs.size() != 1)) {
    throw RouterError(RouterError::Code::kInvalidArgument, "a track has 1 SSRC (audio) or 1-3 SSRCs (video layers)");
  }
  for (uint32_t ssrc : layer_ssrcs) {
    if (ssrc == 0 || by_ssrc_.count(ssrc) || by_out_ssrc_.count(ssrc) || ssrc == options_.sfu_ssrc ||
        std::count(layer_ssrcs.begin(), layer_ssrcs.end(), ssrc) > 1) {
      throw RouterError(RouterError::Code::kAlreadyExists, "SSRC already in use");
    }
  }
  auto track = std::make_unique<Track>();
  track->id = next_id_++;
  track->meeting = t.meeting;
  track->publisher = &t;
  track->kind = kind;
  track->clock_rate = kind == TrackKind::kVideo ? kVideoClockRate : kAudioClockRate;
  track->layers.resize(layer_ssrcs.size());
  for (size_t i = 0; i < layer_ssrcs.size(); ++i) {
    size_t bytes = rtx_bytes(kind, i, layer_ssrcs.size());
    track->layers[i].ssrc = layer_ssrcs[i];
    track->layers[i].rtx = std::make_unique<RetransmitBuffer>(bytes / kRtxBytesPerSlot, bytes);
    by_ssrc_[layer_ssrcs[i]] = SsrcRef{track.get(), static_cast<uint8_t>(i)};
  }
  if (kind == TrackKind::kAudio) {
    auto& detector = speakers_[t.meeting];
    if (!detector) detector = std::make_unique<DominantSpeaker>(options_.speakers);
    track->speakers = detector.get();
    track->speaker_slot = detector->add(track->id);
  }
  Track& ref = *track;
  t.tracks.push_back(track->id);
  tracks_[track->id] = std::move(track);
  TrackInfo result = info(ref);
  emit(RouterEvent{RouterEvent::Type::kTrackAdded, ref.meeting, 0, result, 0, 0});
  for (auto& [id, other] : transports_) {
    if (other.get() != &t && other->meeting == ref.meeting && other->subscribe_all_max_layer) {
      SubscribedTrack st = attach(*other, ref, *other->subscribe_all_max_layer);
      emit(RouterEvent{RouterEvent::Type::kSubscribed, ref.meeting, other->id, result, st.out_ssrc, st.max_layer});
    }
  }
  return result;
}

void Router::drop_track(Track& track) {
  for (Subscription* s : std::vector<Subscription*>(track.subscribers)) detach(s);
  for (const auto& l : track.layers) by_ssrc_.erase(l.ssrc);
  erase_value(track.publisher->tracks, track.id);
  emit(RouterEvent{RouterEvent::Type::kTrackRemoved, track.meeting, 0, info(track), 0, 0});
  if (track.speakers) {
    track.speakers->remove(track.speaker_slot);
    if (track.speakers->empty()) speakers_.erase(track.meeting);
  }
  tracks_.erase(track.id);
}

void Router::unpublish(uint32_t transport_id, uint32_t track_id) {
  std::lock_guard<std::mutex> g(mutex_);
  Transport& t = transport_or_throw(transport_id);
  Track& track = owned_track_or_throw(t, track_id);
  if (track.publisher != &t) throw RouterError(RouterError::Code::kPermissionDenied, "not the track's publisher");
  drop_track(track);
}

SubscribedTrack Router::attach(Transport& t, Track& track, uint8_t max_layer) {
  if (Subscription* existing = find_subscription(t, track.id)) {
    existing->stream.set_max_layer(max_layer);
    return SubscribedTrack{info(track), existing->stream.out_ssrc(), existing->stream.max_layer()};
  }
  uint32_t out_ssrc = fresh_ssrc();
  auto s = std::make_unique<Subscription>(Subscription{
      &track, &t,
      SubscriberStream(out_ssrc, track.clock_rate, static_cast<uint8_t>(track.layers.size()), max_layer)});
  track.subscribers.push_back(s.get());
  t.subscriptions.push_back(s.get());
  SubscribedTrack result{info(track), out_ssrc, s->stream.max_layer()};
  by_out_ssrc_[out_ssrc] = std::move(s);
  return result;
}

void Router::detach(Subscription* s) {
  erase_value(s->track->subscribers, s);
  erase_value(s->subscriber->subscriptions, s);
  by_out_ssrc_.erase(s->stream.out_ssrc());
}

Subscription* Router::find_subscription(const Transport& t, uint32_t track_id) const {
  for (Subscription* s : t.subscriptions) {
    if (s->track->id == track_id) return s;
  }
  return nullptr;
}

std::vector<SubscribedTrack> Router::subscribe(uint32_t transport_id, std::optional<uint32_t> track_id,
                                               uint8_t max_layer) {
  std::lock_guard<std::mutex> g(mutex_);
  Transport& t = transport_or_throw(transport_id);
  std::vector<SubscribedTrack> result;
  if (track_id) {
    Track& track = owned_track_or_throw(t, *track_id);
    if (track.publisher == &t) throw RouterError(RouterError::Code::kInvalidArgument, "cannot subscribe to own track");
    result.push_back(attach(t, track, max_layer));
    return result;
  }
  t.subscribe_all_max_layer = max_layer;
  for (auto& [id, track] : tracks_) {
    if (track->meeting == t.meeting && track->publisher != &t) result.push_back(attach(t, *track, max_layer));
  }
  return result;
}

void Router::set_max_layer(uint32_t transport_id, uint32_t track_id, uint8_t max_layer) {
  std::lock_guard<std::mutex> g(mutex_);
  Transport& t = transport_or_throw(transport_id);
  owned_track_or_throw(t, track_id);
  Subscription* s = find_subscription(t, track_id);
  if (!s) throw RouterError(RouterError::Code::kNotFound, "not subscribed to that track");
  s->stream.set_max_layer(max_layer);
  emit(RouterEvent{RouterEvent::Type::kLayerChanged, t.meeting, t.id, info(*s->track), s->stream.out_ssrc(),
                   s->stream.max_layer()});
}

void Router::unsubscribe(uint32_t transport_id, uint32_t track_id) {
  std::lock_guard<std::mutex> g(mutex_);
  Transport& t = transport_or_throw(transport_id);
  owned_track_or_throw(t, track_id);
  Subscription* s = find_subscription(t, track_id);
  if (!s) throw RouterError(RouterError::Code::kNotFound, "not subscribed to that track");
  detach(s);
}

std::vector<TrackInfo> Router::tracks(const std::string& meeting) const {
  std::lock_guard<std::mutex> g(mutex_);
  std::vector<TrackInfo> out;
  for (const auto& [id, track] : tracks_) {
    if (track->meeting == meeting) out.push_back(info(*track));
  }
  std::sort(out.begin(), out.end(), [](const TrackInfo& a, const TrackInfo& b) { return a.track_id < b.track_id; });
  return out;
}

std::string Router::transport_meeting(uint32_t transport_id) const {
  std::lock_guard<std::mutex> g(mutex_);
  return transport_or_throw(transport_id).meeting;
}

size_t Router::transport_count() const {
  std::lock_guard<std::mutex> g(mutex_);
  return transports_.size();
}

RouterStats Router::stats() const {
  std::lock_guard<std::mutex> g(mutex_);
  RouterStats s;
  s.transports = transports_.size();
  s.tracks = tracks_.size();
  s.pending_consents = by_pending_.size();
  for (const auto& [id, track] : tracks_) {
    s.subscriptions_per_meeting[track->meeting] += track->subscribers.size();
    for (const Layer& l : track->layers) s.buffer_bytes += l.rtx->allocated_bytes();
  }
  return s;
}

}  // namespace zt::sfu
