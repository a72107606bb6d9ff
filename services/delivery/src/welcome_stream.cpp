#include "welcome_stream.h"

#include "delivery_error.h"
#include "grpc_status.h"
#include "zt/log/log.h"

namespace zt::delivery {
namespace {

constexpr uint32_t kWelcomeBatch = 64;

const grpc::Status kDraining(grpc::StatusCode::UNAVAILABLE,
                             "the Delivery Service is shutting down: subscribe again (another "
                             "replica); Welcomes already received come again");

std::string string_of(BytesView b) { return std::string(b.begin(), b.end()); }

}  // namespace

grpc::ServerWriteReactor<v1::WelcomeMessage>* WelcomeStream::start(
    StreamDeps& deps, grpc::CallbackServerContext* ctx) {
  auto stream = std::make_shared<WelcomeStream>(deps, ctx);
  stream->self_ = stream;
  if (deps.metrics) deps.metrics->open_streams.Add({}).Increment();
  deps.work.post([stream] { stream->open(); });
  return stream.get();
}

void WelcomeStream::open() {
  try {
    device_id_ = deps_.auth.authenticate(*ctx_).device_id;
  } catch (const DeliveryError& e) {
    std::lock_guard lock(mu_);
    finish_locked(to_status(e));
    return;
  }
  {
    std::lock_guard lock(mu_);
    if (finished_) return;
    attached_ = true;
    reading_ = true;
  }
  deps_.fanout.attach_welcomes(device_id_, shared_from_this());
  read();
}

void WelcomeStream::read() {
  uint64_t after = 0;
  {
    std::lock_guard lock(mu_);
    if (finished_) return;
    after = after_;
    read_again_ = false;
  }
  std::vector<StoredWelcome> rows;
  try {
    rows = deps_.store.read_welcomes(device_id_, after, kWelcomeBatch);
  } catch (const std::exception& e) {
    log::error("welcome read failed", {log::field("error", e.what())});
    std::lock_guard lock(mu_);
    finish_locked({grpc::StatusCode::UNAVAILABLE, "storage unavailable: subscribe again"});
    return;
  }
  std::lock_guard lock(mu_);
  if (finished_) return;
  for (const auto& w : rows) {
    if (w.id <= after_) continue;
    after_ = w.id;
    v1::WelcomeMessage m;
    m.set_group_id(string_of(w.group_id));
    m.set_welcome(string_of(w.welcome));
    m.set_key_package_ref(string_of(w.key_package_ref));
    m.set_sequence(w.sequence);
    queue_.push_back(std::move(m));
  }
  if (rows.size() == kWelcomeBatch || read_again_) {
    deps_.work.post([self = shared_from_this()] { self->read(); });
  } else {
    reading_ = false;
  }
  pump_locked();
}

void WelcomeStream::offer(const v1::GroupMessage&) {
  std::lock_guard lock(mu_);
  if (finished_) return;
  if (reading_) {
    read_again_ = true;
    return;
  }
  reading_ = true;
  deps_.work.post([self = shared_from_this()] { self->read(); });
}

void WelcomeStream::close_unavailable() {
  std::lock_guard lock(mu_);
  finish_locked(kDraining);
}

void WelcomeStream::OnDone() {
  std::shared_ptr<WelcomeStream> self;
  bool attached = false;
  {
    std::lock_guard lock(mu_);
    finished_ = true;
    attached = attached_;
    self.swap(self_);
  }
  if (attached) deps_.fanout.detach_welcomes(device_id_, this);
  if (deps_.metrics) deps_.metrics->open_streams.Add({}).Decrement();
}

}  // namespace zt::delivery
