// A fixed set of worker threads that run posted jobs in order of posting.
// The KMS's RPCs block on PostgreSQL; the gRPC callback API runs handlers on
// its few event-engine threads, so each call is handed to a worker and
// finished from there (a blocked query no longer stalls other calls).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace zt::kms {

class WorkQueue {
 public:
  explicit WorkQueue(size_t threads);
  ~WorkQueue();  // runs what is queued, then joins
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  void post(std::function<void()> job);

 private:
  void work();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace zt::kms
