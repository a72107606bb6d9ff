// A fixed set of threads that run posted tasks in order of posting: where a
// service's blocking work (PostgreSQL, a key fetch) runs, so gRPC's few
// callback threads never wait on I/O. The KMS runs its RPCs here, the
// Delivery Service its stream reads.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace zt::server {

class WorkQueue {
 public:
  explicit WorkQueue(size_t threads);  // at least one
  ~WorkQueue();                        // runs what is queued, then joins
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  // A task that throws is logged and dropped; the thread goes on.
  void post(std::function<void()> task);

 private:
  void loop();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace zt::server
