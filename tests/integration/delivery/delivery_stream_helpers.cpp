#include "delivery_stream_helpers.h"

namespace zt::delivery::testing {

Subscription::Subscription(v1::Delivery::Stub& stub, const std::string& token,
                           const std::string& group_id, uint64_t from) {
  ctx_.AddMetadata("authorization", "Bearer " + token);
  v1::SubscribeRequest req;
  req.set_group_id(group_id);
  req.set_from_sequence(from);
  reader_ = stub.Subscribe(&ctx_, req);
  thread_ = std::thread([this] {
    v1::GroupMessage m;
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

Subscription::~Subscription() {
  ctx_.TryCancel();
  thread_.join();
}

std::vector<v1::GroupMessage> Subscription::wait_for(size_t n, std::chrono::seconds timeout) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, timeout, [&] { return got_.size() >= n || ended_; });
  return got_;
}

grpc::Status Subscription::finish(std::chrono::seconds timeout) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, timeout, [&] { return ended_; });
  return ended_ ? status_ : grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "stream did not end");
}

}  // namespace zt::delivery::testing
