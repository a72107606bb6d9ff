#include "audit_watch.h"

#include "zt/log/log.h"

namespace zt::kms {

AuditWatch::AuditWatch(KmsApi& api, std::chrono::milliseconds interval)
    : api_(api), interval_(interval), thread_([this] { run(); }) {}

AuditWatch::~AuditWatch() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void AuditWatch::run() {
  std::unique_lock lock(mu_);
  while (!cv_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    try {
      AuditVerdict v = api_.verify_chain();
      if (!v.ok) {
        log::error("audit chain broken", {log::field("first_bad_seq", v.first_bad_seq),
                                          log::field("reason", v.reason)});
      }
    } catch (const std::exception& e) {
      log::warn("audit verification failed", {log::field("error", e.what())});
    }
    lock.lock();
  }
}

}  // namespace zt::kms
