// Reading a Subscribe stream in tests: a reader thread collects what the
// stream delivers so tests wait for "n messages" without timing anything.
#pragma once

#include <grpcpp/grpcpp.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "zt/delivery/v1/delivery.grpc.pb.h"

namespace zt::delivery::testing {

class Subscription {
 public:
  Subscription(v1::Delivery::Stub& stub, const std::string& token, const std::string& group_id,
               uint64_t from);
  ~Subscription();  // cancels and joins

  // Waits until `n` messages have arrived (or the stream ended); returns what arrived.
  std::vector<v1::GroupMessage> wait_for(size_t n,
                                         std::chrono::seconds timeout = std::chrono::seconds(30));
  // Waits for the end of the stream; its status.
  grpc::Status finish(std::chrono::seconds timeout = std::chrono::seconds(30));
  void cancel() { ctx_.TryCancel(); }

 private:
  grpc::ClientContext ctx_;
  std::unique_ptr<grpc::ClientReader<v1::GroupMessage>> reader_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<v1::GroupMessage> got_;
  bool ended_ = false;
  grpc::Status status_;
  std::thread thread_;
};

}  // namespace zt::delivery::testing
