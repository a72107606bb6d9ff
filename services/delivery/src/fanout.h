// Fan-out of a group's accepted messages to the Subscribe streams of every
// replica (issue 14 point 5). publish() hands a message to this replica's
// streams of the group at once and PUBLISHes it on Redis; each replica's
// Subscriber hands what other replicas publish to its own streams. Pub/sub
// may lose or reorder: a stream notices a gap by sequence number and
// reads the missing entries from PostgreSQL (subscribe_stream.h), so
// Redis only makes delivery fast, never correct.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "delivery_metrics.h"
#include "store.h"
#include "zt/base/bytes.h"
#include "zt/delivery/v1/delivery.pb.h"
#include "zt/redis/client.h"

namespace zt::delivery {

inline constexpr char kFanoutChannel[] = "zt.delivery.fanout";

// A log entry as subscribers get it.
v1::GroupMessage group_message(const LogEntry& entry);

// A stream that takes a group's messages.
class StreamSink {
 public:
  virtual ~StreamSink() = default;
  // A live message (any order; duplicates possible). Must not block.
  virtual void offer(const v1::GroupMessage& message) = 0;
  // The service is draining: end with UNAVAILABLE.
  virtual void close_unavailable() = 0;
};

// One message as it crosses Redis: origin replica, group, acceptance time, message.
struct FanoutEnvelope {
  std::string origin;
  Bytes group_id;
  int64_t accepted_unix_us = 0;
  v1::GroupMessage message;
};
std::string encode_envelope(const FanoutEnvelope& envelope);
std::optional<FanoutEnvelope> decode_envelope(const std::string& payload);

class Fanout {
 public:
  // `redis` may be null (one replica, tests); `subscribe` set => listen to other replicas.
  Fanout(redis::Client* redis, std::optional<redis::Options> subscribe, DeliveryMetrics* metrics);
  ~Fanout();

  void publish(BytesView group_id, const v1::GroupMessage& message);
  void attach(BytesView group_id, const std::shared_ptr<StreamSink>& sink);
  void detach(BytesView group_id, const StreamSink* sink);
  // Drain: every attached stream ends with UNAVAILABLE; later attaches are refused.
  void close_all();
  bool closed() const;
  // Stops taking other replicas' messages (the Redis subscriber thread ends).
  void stop();
  // Waits until the Redis subscription is live (tests); true without one.
  bool wait_subscribed(std::chrono::milliseconds timeout) const;

 private:
  void deliver(const FanoutEnvelope& envelope);

  redis::Client* redis_;
  DeliveryMetrics* metrics_;
  std::string origin_;
  mutable std::mutex mu_;
  bool closed_ = false;
  std::unordered_map<std::string, std::vector<std::shared_ptr<StreamSink>>> sinks_;
  std::unique_ptr<redis::Subscriber> subscriber_;  // last: stops before the rest goes
};

}  // namespace zt::delivery
