// One Subscribe(group, from_sequence) stream on gRPC's callback API: no
// thread per stream. It hands out every message of the group with
// sequence > from_sequence, in order, each once: first what PostgreSQL
// has, then live messages from the Fanout; a gap in the live sequence (a
// message pub/sub lost, or one that arrived while the stream was reading)
// is filled from PostgreSQL. A slow reader holds at most `budget_bytes`
// in memory; beyond that it stops taking live messages and reads from
// PostgreSQL when its queue has drained. Blocking work (the token check,
// reads) runs on the WorkQueue.
#pragma once

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "authenticator.h"
#include "fanout.h"
#include "group_registry.h"
#include "store.h"
#include "stream_writer.h"
#include "zt/server/work_queue.h"

namespace zt::delivery {

struct StreamDeps {
  Authenticator& auth;
  GroupRegistry& groups;
  Store& store;
  Fanout& fanout;
  server::WorkQueue& work;
  DeliveryMetrics* metrics = nullptr;
  std::size_t budget_bytes = 4 << 20;
  uint32_t batch = 256;
};

class SubscribeStream final : public StreamWriter<v1::GroupMessage>,
                              public StreamSink,
                              public std::enable_shared_from_this<SubscribeStream> {
 public:
  static grpc::ServerWriteReactor<v1::GroupMessage>* start(StreamDeps& deps,
                                                           grpc::CallbackServerContext* ctx,
                                                           const v1::SubscribeRequest* request);

  SubscribeStream(StreamDeps& deps, grpc::CallbackServerContext* ctx,
                  const v1::SubscribeRequest& request);

  void offer(const v1::GroupMessage& message) override;
  void close_unavailable() override;
  std::string device_id() const override;
  // A COMMIT_REQUEST outside the log's sequence, after what is queued.
  void request_commit(uint64_t epoch) override;
  void OnDone() override;

 private:
  void open();
  void catch_up();
  void accept_locked(const v1::GroupMessage& message);
  void start_catch_up_locked(const char* reason);
  void popped_locked(const v1::GroupMessage& m) override;
  void written_locked() override;
  void finishing_locked() override;

  StreamDeps& deps_;
  grpc::CallbackServerContext* ctx_;
  Bytes group_id_;
  uint64_t from_sequence_;
  std::string device_id_;  // set before the stream attaches to the fan-out

  uint64_t next_ = 1;  // the next sequence to hand out
  std::size_t queued_bytes_ = 0;
  std::vector<v1::GroupMessage> live_;  // arrived while catching up
  std::size_t live_bytes_ = 0;
  bool catching_up_ = false;
  bool lagging_ = false;  // over budget: live messages dropped until the queue drains
  bool attached_ = false;
  std::shared_ptr<SubscribeStream> self_;  // alive until OnDone
};

}  // namespace zt::delivery
