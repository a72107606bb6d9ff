// The writing half shared by the Delivery Service's server streams on the
// callback API (SubscribeStream, WelcomeStream): a queue of messages
// written one at a time (gRPC allows one write in flight), and one way to
// end the stream, also while a write is in flight (the status then goes
// out when that write is done). Everything with `_locked` runs under mu_.
#pragma once

#include <grpcpp/grpcpp.h>

#include <deque>
#include <mutex>
#include <optional>

namespace zt::delivery {

template <class Message>
class StreamWriter : public grpc::ServerWriteReactor<Message> {
 public:
  void OnWriteDone(bool ok) override {
    std::lock_guard lock(mu_);
    writing_ = false;
    if (pending_finish_) {
      this->Finish(*pending_finish_);
      pending_finish_.reset();
      return;
    }
    if (!ok) {
      finish_locked({grpc::StatusCode::CANCELLED, "stream closed"});
      return;
    }
    written_locked();
    pump_locked();
  }
  void OnCancel() override {
    std::lock_guard lock(mu_);
    finish_locked({grpc::StatusCode::CANCELLED, "cancelled"});
  }

 protected:
  // Hooks: a queued message goes to the wire; a write completed; the stream ends.
  virtual void popped_locked(const Message&) {}
  virtual void written_locked() {}
  virtual void finishing_locked() {}

  void pump_locked() {
    if (writing_ || finished_ || queue_.empty()) return;
    current_ = std::move(queue_.front());
    queue_.pop_front();
    popped_locked(current_);
    writing_ = true;
    this->StartWrite(&current_);
  }
  void finish_locked(const grpc::Status& status) {
    if (finished_) return;
    finished_ = true;
    queue_.clear();
    finishing_locked();
    if (writing_) {
      pending_finish_ = status;
    } else {
      this->Finish(status);
    }
  }

  mutable std::mutex mu_;
  std::deque<Message> queue_;  // handed out, not yet written
  bool finished_ = false;

 private:
  Message current_;  // the one being written
  bool writing_ = false;
  std::optional<grpc::Status> pending_finish_;
};

}  // namespace zt::delivery
