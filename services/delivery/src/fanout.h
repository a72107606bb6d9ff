// Fan-out of a group's accepted messages to the Subscribe streams of every
// replica (issue 14 point 5). publish() hands a message to this replica's
// streams of the group at once and PUBLISHes it on Redis; each replica's
// Subscriber hands what other replicas publish to its own streams. Pub/sub
// may lose or reorder: a stream notices a gap by sequence number and
// reads the missing entries from PostgreSQL (subscribe_stream.h), so
// Redis only makes delivery fast, never correct.
#pragma once

#include <chrono>
#include <functional>
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
  // The member device reading a group's stream (empty: not known yet / not a group stream).
  virtual std::string device_id() const { return {}; }
  // Asks the member to commit the pending proposals of `epoch` (a group stream only).
  virtual void request_commit(uint64_t /*epoch*/) {}
};

// One message as it crosses Redis: origin replica, group, acceptance time,
// message. An empty group_id is a Welcome notice: a Welcome for the device
// message.sender_device_id was stored (its streams read it from PostgreSQL).
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
  // Welcome notices, per device, on every replica (SubscribeWelcomes).
  void publish_welcome(const std::string& device_id);
  void attach_welcomes(const std::string& device_id, const std::shared_ptr<StreamSink>& sink);
  void detach_welcomes(const std::string& device_id, const StreamSink* sink);
  // Open streams of `group_id` on this replica (the designated committer is one of them).
  std::vector<std::shared_ptr<StreamSink>> sinks_of(BytesView group_id) const;
  // The groups with open streams on this replica.
  std::vector<Bytes> groups() const;
  // Called with every group message this replica hands to its streams
  // (from here or another replica), on the delivering thread; must not block.
  using Observer = std::function<void(BytesView group_id, const v1::GroupMessage&)>;
  void observe(Observer observer);
  // Drain: every attached stream ends with UNAVAILABLE; later attaches are refused.
  void close_all();
  bool closed() const;
  // Stops taking other replicas' messages (the Redis subscriber thread ends).
  void stop();
  // Waits until the Redis subscription is live (tests); true without one.
  bool wait_subscribed(std::chrono::milliseconds timeout) const;

 private:
  void deliver(const FanoutEnvelope& envelope);
  using SinkMap = std::unordered_map<std::string, std::vector<std::shared_ptr<StreamSink>>>;
  void attach_to(SinkMap& map, const std::string& key, const std::shared_ptr<StreamSink>& sink);
  void detach_from(SinkMap& map, const std::string& key, const StreamSink* sink);

  redis::Client* redis_;
  DeliveryMetrics* metrics_;
  std::string origin_;
  mutable std::mutex mu_;
  bool closed_ = false;
  Observer observer_;
  std::unordered_map<std::string, std::vector<std::shared_ptr<StreamSink>>> sinks_;
  std::unordered_map<std::string, std::vector<std::shared_ptr<StreamSink>>> welcome_sinks_;
  std::unique_ptr<redis::Subscriber> subscriber_;  // last: stops before the rest goes
};

}  // namespace zt::delivery
