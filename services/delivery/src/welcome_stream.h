// One SubscribeWelcomes stream (issue 14 point 5: Welcomes go to the
// joiner's device) on gRPC's callback API: every stored Welcome addressed
// to the calling device (a commit added one of its KeyPackages), first
// what PostgreSQL has, then each new one as the fan-out announces it
// (a notice on any replica makes the stream read PostgreSQL again from
// its last Welcome id, so nothing is missed or repeated). Only the
// addressed device gets a Welcome; no group membership is needed.
#pragma once

#include <grpcpp/grpcpp.h>

#include <deque>
#include <memory>
#include <mutex>
#include <optional>

#include "stream_writer.h"
#include "subscribe_stream.h"

namespace zt::delivery {

class WelcomeStream final : public StreamWriter<v1::WelcomeMessage>,
                            public StreamSink,
                            public std::enable_shared_from_this<WelcomeStream> {
 public:
  static grpc::ServerWriteReactor<v1::WelcomeMessage>* start(StreamDeps& deps,
                                                             grpc::CallbackServerContext* ctx);

  WelcomeStream(StreamDeps& deps, grpc::CallbackServerContext* ctx) : deps_(deps), ctx_(ctx) {}

  void offer(const v1::GroupMessage& notice) override;
  void close_unavailable() override;
  void OnDone() override;

 private:
  void open();
  void read();

  StreamDeps& deps_;
  grpc::CallbackServerContext* ctx_;
  std::string device_id_;

  uint64_t after_ = 0;  // the last Welcome id handed out
  bool reading_ = false;
  bool read_again_ = false;
  bool attached_ = false;
  std::shared_ptr<WelcomeStream> self_;  // alive until OnDone
};

}  // namespace zt::delivery
