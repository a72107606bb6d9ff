#include "fanout.h"

#include "zt/crypto/random.h"
#include "zt/log/log.h"
#include "zt/metrics/metrics.h"

namespace zt::delivery {
namespace {

constexpr std::size_t kOriginBytes = 16;

std::string key_of(BytesView group_id) { return std::string(group_id.begin(), group_id.end()); }

int64_t now_unix_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void put_u64(std::string& out, uint64_t v) {
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

uint64_t get_u64(const std::string& in, std::size_t at) {
  uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(in[at + i]);
  return v;
}

v1::MessageKind kind_to_proto(MessageKind k) {
  switch (k) {
    case MessageKind::kCommit:
      return v1::MESSAGE_KIND_COMMIT;
    case MessageKind::kProposal:
      return v1::MESSAGE_KIND_PROPOSAL;
    case MessageKind::kApplication:
      return v1::MESSAGE_KIND_APPLICATION;
  }
  return v1::MESSAGE_KIND_UNSPECIFIED;
}

}  // namespace

v1::GroupMessage group_message(const LogEntry& e) {
  v1::GroupMessage m;
  m.set_sequence(e.sequence);
  m.set_epoch(e.epoch);
  m.set_kind(kind_to_proto(e.kind));
  m.set_message(std::string(e.message.begin(), e.message.end()));
  m.set_sender_device_id(e.sender_device_id);
  return m;
}

// origin (16) | accepted_unix_us (8) | group id length (1) | group id | GroupMessage
std::string encode_envelope(const FanoutEnvelope& e) {
  std::string out = e.origin;
  out.resize(kOriginBytes, '\0');
  put_u64(out, static_cast<uint64_t>(e.accepted_unix_us));
  out.push_back(static_cast<char>(e.group_id.size()));
  out.append(e.group_id.begin(), e.group_id.end());
  out.append(e.message.SerializeAsString());
  return out;
}

std::optional<FanoutEnvelope> decode_envelope(const std::string& payload) {
  constexpr std::size_t kHeader = kOriginBytes + 8 + 1;
  if (payload.size() < kHeader) return std::nullopt;
  std::size_t id_len = static_cast<uint8_t>(payload[kHeader - 1]);
  if (payload.size() < kHeader + id_len) return std::nullopt;
  FanoutEnvelope e;
  e.origin = payload.substr(0, kOriginBytes);
  e.accepted_unix_us = static_cast<int64_t>(get_u64(payload, kOriginBytes));
  e.group_id.assign(payload.begin() + kHeader,
                    payload.begin() + static_cast<long>(kHeader + id_len));
  if (!e.message.ParseFromArray(payload.data() + kHeader + id_len,
                                static_cast<int>(payload.size() - kHeader - id_len))) {
    return std::nullopt;
  }
  return e;
}

Fanout::Fanout(redis::Client* redis, std::optional<redis::Options> subscribe,
               DeliveryMetrics* metrics)
    : redis_(redis), metrics_(metrics) {
  Bytes id = crypto::SystemRandom::instance().bytes(kOriginBytes);
  origin_.assign(id.begin(), id.end());
  if (subscribe) {
    subscriber_ = std::make_unique<redis::Subscriber>(
        *subscribe, std::vector<std::string>{kFanoutChannel},
        [this](const std::string&, const std::string& payload) {
          auto e = decode_envelope(payload);
          if (!e) {
            log::warn("fan-out: undecodable message on the channel dropped");
            return;
          }
          if (e->origin != origin_) deliver(*e);
        });
  }
}

Fanout::~Fanout() { stop(); }

void Fanout::stop() { subscriber_.reset(); }

void Fanout::publish(BytesView group_id, const v1::GroupMessage& message) {
  FanoutEnvelope e{origin_, Bytes(group_id.begin(), group_id.end()), now_unix_us(), message};
  deliver(e);
  if (redis_ == nullptr) return;
  try {
    redis_->publish(kFanoutChannel, encode_envelope(e));
  } catch (const redis::RedisError&) {
    // The message is durable; other replicas' streams read it from PostgreSQL at the next gap.
    log::warn("fan-out: Redis publish failed",
              {log::field("sequence", static_cast<int64_t>(message.sequence()))});
  }
}

void Fanout::publish_welcome(const std::string& device_id) {
  v1::GroupMessage notice;
  notice.set_sender_device_id(device_id);
  publish({}, notice);
}

void Fanout::deliver(const FanoutEnvelope& e) {
  std::vector<std::shared_ptr<StreamSink>> targets;
  Observer observer;
  {
    std::lock_guard lock(mu_);
    const bool welcome = e.group_id.empty();
    if (!welcome) observer = observer_;
    const SinkMap& map = welcome ? welcome_sinks_ : sinks_;
    auto it = map.find(welcome ? e.message.sender_device_id() : key_of(e.group_id));
    if (it == map.end()) return;
    targets = it->second;
  }
  if (observer) observer(e.group_id, e.message);
  for (const auto& sink : targets) sink->offer(e.message);
  if (metrics_ && !targets.empty() && !e.group_id.empty()) {
    double seconds = static_cast<double>(now_unix_us() - e.accepted_unix_us) / 1e6;
    metrics_->fanout_seconds.Add({}, metrics::latency_buckets()).Observe(seconds < 0 ? 0 : seconds);
  }
}

void Fanout::attach_to(SinkMap& map, const std::string& key,
                       const std::shared_ptr<StreamSink>& sink) {
  {
    std::lock_guard lock(mu_);
    if (!closed_) {
      map[key].push_back(sink);
      return;
    }
  }
  sink->close_unavailable();
}

void Fanout::detach_from(SinkMap& map, const std::string& key, const StreamSink* sink) {
  std::lock_guard lock(mu_);
  auto it = map.find(key);
  if (it == map.end()) return;
  std::erase_if(it->second, [sink](const auto& s) { return s.get() == sink; });
  if (it->second.empty()) map.erase(it);
}

void Fanout::attach(BytesView group_id, const std::shared_ptr<StreamSink>& sink) {
  attach_to(sinks_, key_of(group_id), sink);
}

void Fanout::detach(BytesView group_id, const StreamSink* sink) {
  detach_from(sinks_, key_of(group_id), sink);
}

void Fanout::attach_welcomes(const std::string& device_id,
                             const std::shared_ptr<StreamSink>& sink) {
  attach_to(welcome_sinks_, device_id, sink);
}

void Fanout::detach_welcomes(const std::string& device_id, const StreamSink* sink) {
  detach_from(welcome_sinks_, device_id, sink);
}

std::vector<std::shared_ptr<StreamSink>> Fanout::sinks_of(BytesView group_id) const {
  std::lock_guard lock(mu_);
  auto it = sinks_.find(key_of(group_id));
  if (it == sinks_.end()) return {};
  return it->second;
}

void Fanout::close_all() {
  SinkMap all, welcomes;
  {
    std::lock_guard lock(mu_);
    closed_ = true;
    all.swap(sinks_);
    welcomes.swap(welcome_sinks_);
  }
  for (SinkMap* map : {&all, &welcomes}) {
    for (auto& [key, sinks] : *map) {
      for (auto& s : sinks) s->close_unavailable();
    }
  }
}

std::vector<Bytes> Fanout::groups() const {
  std::lock_guard lock(mu_);
  std::vector<Bytes> out;
  out.reserve(sinks_.size());
  for (const auto& [key, sinks] : sinks_) out.emplace_back(key.begin(), key.end());
  return out;
}

void Fanout::observe(Observer observer) {
  std::lock_guard lock(mu_);
  observer_ = std::move(observer);
}

bool Fanout::closed() const {
  std::lock_guard lock(mu_);
  return closed_;
}

bool Fanout::wait_subscribed(std::chrono::milliseconds timeout) const {
  return !subscriber_ || subscriber_->wait_subscribed(1, timeout);
}

}  // namespace zt::delivery
