// Verifies the audit chain every `interval` in a thread of its own (each
// replica does), so a tampered log is noticed without anyone calling
// VerifyAudit: the metrics keep the time of the last verification and the
// count of broken ones, and a broken chain is logged with its first bad
// record.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "kms_api.h"

namespace zt::kms {

class AuditWatch {
 public:
  AuditWatch(KmsApi& api, std::chrono::milliseconds interval);
  ~AuditWatch();  // stops and joins
  AuditWatch(const AuditWatch&) = delete;
  AuditWatch& operator=(const AuditWatch&) = delete;

 private:
  void run();

  KmsApi& api_;
  std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace zt::kms
