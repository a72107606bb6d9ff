// parallel_for: one shared index counter per loop, claimed by the caller and
// by the pool workers that were offered the loop.
#include "zt/base/parallel_for.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <limits>
#include <mutex>
#include <thread>
#include <vector>

namespace zt {
namespace {

constexpr size_t kNoFailure = std::numeric_limits<size_t>::max();

// One parallel_for call: the indices still to claim and the first failure.
class ParallelLoop {
 public:
  ParallelLoop(size_t count, const std::function<void(size_t)>& body)
      : count_(count), body_(body) {}

  // Claims and runs indices until none is left (or only indices above a
  // failed one are). Never throws: a failure is recorded.
  void run() noexcept {
    for (;;) {
      const size_t i = next_.fetch_add(1, std::memory_order_relaxed);
      if (i >= count_ || i > failed_.load(std::memory_order_acquire)) return;
      try {
        body_(i);
      } catch (...) {
        record_failure(i, std::current_exception());
      }
    }
  }

  void rethrow_first_failure() const {
    if (error_) std::rethrow_exception(error_);
  }

  // Guarded by the pool's mutex.
  size_t helpers_wanted = 0;
  size_t helpers_active = 0;

 private:
  void record_failure(size_t i, std::exception_ptr error) noexcept {
    std::lock_guard lock(error_mutex_);
    if (i < failed_.load(std::memory_order_relaxed)) {
      error_ = std::move(error);
      failed_.store(i, std::memory_order_release);
    }
  }

  const size_t count_;
  const std::function<void(size_t)>& body_;
  std::atomic<size_t> next_{0};
  std::atomic<size_t> failed_{kNoFailure};
  std::mutex error_mutex_;
  std::exception_ptr error_;  // of the index in failed_
};

class WorkerPool {
 public:
  static WorkerPool& instance() {
    static WorkerPool pool(hardware_threads() - 1);
    return pool;
  }

  explicit WorkerPool(size_t workers) {
    threads_.reserve(workers);
    for (size_t i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
  }

  ~WorkerPool() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (std::thread& t : threads_) t.join();
  }

  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  size_t size() const { return threads_.size(); }

  // Lets up to `helpers` idle workers join `loop`.
  void offer(ParallelLoop& loop, size_t helpers) {
    {
      std::lock_guard lock(mutex_);
      loop.helpers_wanted = helpers;
      offers_.push_back(&loop);
    }
    if (helpers == 1) {
      wake_.notify_one();
    } else {
      wake_.notify_all();
    }
  }

  // Takes `loop` back: no further worker joins it, and the ones that did
  // have left when this returns (the loop lives on the caller's stack).
  void withdraw(ParallelLoop& loop) {
    std::unique_lock lock(mutex_);
    std::erase(offers_, &loop);
    left_.wait(lock, [&] { return loop.helpers_active == 0; });
  }

 private:
  void work() {
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_.wait(lock, [&] { return stopping_ || !offers_.empty(); });
      if (stopping_) return;
      ParallelLoop* loop = offers_.front();
      if (--loop->helpers_wanted == 0) offers_.pop_front();
      ++loop->helpers_active;
      lock.unlock();
      loop->run();
      lock.lock();
      if (--loop->helpers_active == 0) left_.notify_all();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;  // an offer or stopping_
  std::condition_variable left_;  // a worker left a loop
  std::deque<ParallelLoop*> offers_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace

size_t hardware_threads() {
  static const size_t n = std::max<size_t>(1, std::thread::hardware_concurrency());
  return n;
}

void parallel_for(size_t count, const std::function<void(size_t)>& body, size_t max_threads) {
  if (count == 0) return;
  const size_t threads = max_threads == 0 ? hardware_threads() : max_threads;
  ParallelLoop loop(count, body);
  size_t helpers = std::min(threads, count) - 1;
  if (helpers > 0) {
    WorkerPool& pool = WorkerPool::instance();
    helpers = std::min(helpers, pool.size());
    if (helpers > 0) pool.offer(loop, helpers);
    loop.run();
    if (helpers > 0) pool.withdraw(loop);
  } else {
    loop.run();
  }
  loop.rethrow_first_failure();
}

}  // namespace zt
