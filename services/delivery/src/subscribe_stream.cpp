#include "subscribe_stream.h"

#include <algorithm>

#include "delivery_error.h"
#include "grpc_status.h"
#include "zt/log/log.h"

namespace zt::delivery {
namespace {

std::size_t cost(const v1::GroupMessage& m) { return m.message().size() + 64; }

const grpc::Status kDraining(
    grpc::StatusCode::UNAVAILABLE,
    "the Delivery Service is shutting down: subscribe again (another replica) "
    "from your last sequence");

}  // namespace

grpc::ServerWriteReactor<v1::GroupMessage>* SubscribeStream::start(
    StreamDeps& deps, grpc::CallbackServerContext* ctx, const v1::SubscribeRequest* request) {
  auto stream = std::make_shared<SubscribeStream>(deps, ctx, *request);
  stream->self_ = stream;
  if (deps.metrics) deps.metrics->open_streams.Add({}).Increment();
  deps.work.post([stream] { stream->open(); });
  return stream.get();
}

SubscribeStream::SubscribeStream(StreamDeps& deps, grpc::CallbackServerContext* ctx,
                                 const v1::SubscribeRequest& request)
    : deps_(deps),
      ctx_(ctx),
      group_id_(request.group_id().begin(), request.group_id().end()),
      from_sequence_(request.from_sequence()) {}

void SubscribeStream::open() {
  try {
    Caller caller = deps_.auth.authenticate(*ctx_);
    GroupRecord group = deps_.groups.member_view(caller, group_id_);
    {
      std::lock_guard lock(mu_);
      device_id_ = caller.device_id;
    }
    if (from_sequence_ > group.last_sequence) {
      throw DeliveryError::invalid_argument("from_sequence " + std::to_string(from_sequence_) +
                                            " is beyond the group's last sequence " +
                                            std::to_string(group.last_sequence));
    }
  } catch (const DeliveryError& e) {
    std::lock_guard lock(mu_);
    finish_locked(to_status(e));
    return;
  } catch (const std::exception& e) {
    log::error("subscribe failed", {log::field("error", e.what())});
    std::lock_guard lock(mu_);
    finish_locked({grpc::StatusCode::UNAVAILABLE, "storage unavailable: subscribe again"});
    return;
  }
  {
    std::lock_guard lock(mu_);
    if (finished_) return;
    next_ = from_sequence_ + 1;
    catching_up_ = true;  // live messages wait in live_ until the first read is in
    attached_ = true;
  }
  if (deps_.metrics) deps_.metrics->fanout_catchups.Add({{"reason", "start"}}).Increment();
  deps_.fanout.attach(group_id_, shared_from_this());
  catch_up();
}

void SubscribeStream::catch_up() {
  uint64_t after = 0;
  {
    std::lock_guard lock(mu_);
    if (finished_) return;
    after = next_ - 1;
  }
  std::vector<LogEntry> rows;
  try {
    rows = deps_.store.read_log(group_id_, after, deps_.batch);
  } catch (const std::exception& e) {
    log::error("subscribe read failed", {log::field("error", e.what())});
    std::lock_guard lock(mu_);
    finish_locked({grpc::StatusCode::UNAVAILABLE,
                   "storage unavailable: subscribe again from your last sequence"});
    return;
  }
  std::lock_guard lock(mu_);
  if (finished_) return;
  for (const auto& row : rows) {
    if (row.sequence != next_) continue;
    queue_.push_back(group_message(row));
    queued_bytes_ += cost(queue_.back());
    ++next_;
  }
  if (rows.size() == deps_.batch) {
    deps_.work.post([self = shared_from_this()] { self->catch_up(); });
    pump_locked();
    return;
  }
  catching_up_ = false;
  std::vector<v1::GroupMessage> live;
  live.swap(live_);
  live_bytes_ = 0;
  std::sort(live.begin(), live.end(),
            [](const auto& a, const auto& b) { return a.sequence() < b.sequence(); });
  for (const auto& m : live) accept_locked(m);
  pump_locked();
}

void SubscribeStream::offer(const v1::GroupMessage& message) {
  std::lock_guard lock(mu_);
  accept_locked(message);
  pump_locked();
}

std::string SubscribeStream::device_id() const {
  std::lock_guard lock(mu_);
  return device_id_;
}

void SubscribeStream::request_commit(uint64_t epoch) {
  std::lock_guard lock(mu_);
  if (finished_ || !attached_) return;
  v1::GroupMessage m;
  m.set_kind(v1::MESSAGE_KIND_COMMIT_REQUEST);
  m.set_epoch(epoch);
  queue_.push_back(std::move(m));
  queued_bytes_ += cost(queue_.back());
  pump_locked();
}

void SubscribeStream::accept_locked(const v1::GroupMessage& m) {
  if (finished_ || lagging_ || m.sequence() < next_) return;
  if (catching_up_) {
    if (live_bytes_ + cost(m) <= deps_.budget_bytes) {
      live_bytes_ += cost(m);
      live_.push_back(m);
    }  // else: beyond the read that is running; the next read finds it
    return;
  }
  if (m.sequence() > next_) {
    start_catch_up_locked("gap");
    accept_locked(m);  // kept in live_
    return;
  }
  if (queued_bytes_ + cost(m) > deps_.budget_bytes) {
    lagging_ = true;  // read from PostgreSQL once the queue has drained
    return;
  }
  queue_.push_back(m);
  queued_bytes_ += cost(m);
  ++next_;
}

void SubscribeStream::start_catch_up_locked(const char* reason) {
  if (catching_up_ || finished_) return;
  catching_up_ = true;
  if (deps_.metrics) deps_.metrics->fanout_catchups.Add({{"reason", reason}}).Increment();
  deps_.work.post([self = shared_from_this()] { self->catch_up(); });
}

void SubscribeStream::popped_locked(const v1::GroupMessage& m) { queued_bytes_ -= cost(m); }

void SubscribeStream::written_locked() {
  if (queue_.empty() && lagging_) {
    lagging_ = false;
    start_catch_up_locked("budget");
  }
}

void SubscribeStream::close_unavailable() {
  std::lock_guard lock(mu_);
  finish_locked(kDraining);
}

void SubscribeStream::finishing_locked() { live_.clear(); }

void SubscribeStream::OnDone() {
  std::shared_ptr<SubscribeStream> self;
  bool attached = false;
  {
    std::lock_guard lock(mu_);
    finished_ = true;
    attached = attached_;
    self.swap(self_);
  }
  if (attached) deps_.fanout.detach(group_id_, this);
  if (deps_.metrics) deps_.metrics->open_streams.Add({}).Decrement();
}

}  // namespace zt::delivery
