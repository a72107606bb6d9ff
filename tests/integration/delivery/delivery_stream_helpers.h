// Reading server streams in tests: a reader thread collects what the
// stream delivers so tests wait for "n messages" without timing anything.
#pragma once

#include <grpcpp/grpcpp.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "zt/delivery/v1/delivery.grpc.pb.h"

namespace zt::delivery::testing {

template <class Message>
class StreamReader {
 public:
  using Open =
      std::function<std::unique_ptr<grpc::ClientReader<Message>>(grpc::ClientContext* ctx)>;
  StreamReader(const std::string& token, const Open& open) {
    ctx_.AddMetadata("authorization", "Bearer " + token);
    reader_ = open(&ctx_);
    thread_ = std::thread([this] {
      Message m;
      while (reader_->Read(&m)) {
        std::lock_guard lock(mu_);
        got_.push_back(m);
        cv_.notify_all();
      }
      grpc::Status st = reader_->Finish();
      std::lock_guard lock(mu_);
      status_ = st;
      ended_ = true;
      cv_.notify_all();
    });
  }
  ~StreamReader() {  // cancels and joins
    ctx_.TryCancel();
    thread_.join();
  }
  StreamReader(const StreamReader&) = delete;
  StreamReader& operator=(const StreamReader&) = delete;

  // Waits until `n` messages have arrived (or the stream ended); returns what arrived.
  std::vector<Message> wait_for(size_t n, std::chrono::seconds timeout = std::chrono::seconds(30)) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, timeout, [&] { return got_.size() >= n || ended_; });
    return got_;
  }
  // Waits until `pred` holds for what arrived (or the stream ended).
  std::vector<Message> wait_until(const std::function<bool(const std::vector<Message>&)>& pred,
                                  std::chrono::seconds timeout = std::chrono::seconds(30)) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, timeout, [&] { return pred(got_) || ended_; });
    return got_;
  }
  // Waits for the end of the stream; its status.
  grpc::Status finish(std::chrono::seconds timeout = std::chrono::seconds(30)) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, timeout, [&] { return ended_; });
    return ended_ ? status_
                  : grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "stream did not end");
  }
  void cancel() { ctx_.TryCancel(); }

 private:
  grpc::ClientContext ctx_;
  std::unique_ptr<grpc::ClientReader<Message>> reader_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Message> got_;
  bool ended_ = false;
  grpc::Status status_;
  std::thread thread_;
};

// Subscribe(group, from) of one device.
class Subscription : public StreamReader<v1::GroupMessage> {
 public:
  Subscription(v1::Delivery::Stub& stub, const std::string& token, const std::string& group_id,
               uint64_t from);
};

// SubscribeWelcomes of one device.
class WelcomeSubscription : public StreamReader<v1::WelcomeMessage> {
 public:
  WelcomeSubscription(v1::Delivery::Stub& stub, const std::string& token);
};

}  // namespace zt::delivery::testing
