#include "zt/base/parallel_for.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace zt {
namespace {

TEST(ParallelFor, CallsEveryIndexExactlyOnce) {
  constexpr size_t kCount = 10000;
  std::vector<std::atomic<int>> calls(kCount);
  parallel_for(kCount, [&](size_t i) { calls[i].fetch_add(1); });
  for (size_t i = 0; i < kCount; ++i) ASSERT_EQ(calls[i].load(), 1) << "index " << i;
}

TEST(ParallelFor, ZeroCountCallsNothing) {
  bool called = false;
  parallel_for(0, [&](size_t) { called = true; });
  EXPECT_FALSE(called);
}

TEST(ParallelFor, PerIndexResultsMatchASerialLoop) {
  constexpr size_t kCount = 4096;
  std::vector<uint64_t> parallel(kCount), serial(kCount);
  auto f = [](size_t i) { return static_cast<uint64_t>(i) * 2654435761u % 1000003u; };
  parallel_for(kCount, [&](size_t i) { parallel[i] = f(i); });
  for (size_t i = 0; i < kCount; ++i) serial[i] = f(i);
  EXPECT_EQ(parallel, serial);
}

TEST(ParallelFor, OneThreadRunsOnTheCaller) {
  std::mutex m;
  std::set<std::thread::id> ids;
  parallel_for(
      1000,
      [&](size_t) {
        std::lock_guard lock(m);
        ids.insert(std::this_thread::get_id());
      },
      1);
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(*ids.begin(), std::this_thread::get_id());
}

// Indices 0 and 1 wait for each other: this only completes when two threads
// run the loop at the same time.
TEST(ParallelFor, UsesAPoolWorkerBesideTheCaller) {
  if (hardware_threads() < 2) GTEST_SKIP() << "one core: the pool has no worker";
  std::mutex m;
  std::condition_variable cv;
  int arrived = 0;
  bool met = true;
  std::set<std::thread::id> ids;
  parallel_for(
      2,
      [&](size_t) {
        std::unique_lock lock(m);
        ids.insert(std::this_thread::get_id());
        ++arrived;
        cv.notify_all();
        // Generous bound so a broken pool fails instead of hanging.
        if (!cv.wait_for(lock, std::chrono::seconds(60), [&] { return arrived == 2; })) met = false;
      },
      2);
  EXPECT_TRUE(met);
  EXPECT_EQ(ids.size(), 2u);
}

TEST(ParallelFor, RethrowsTheLowestFailingIndex) {
  for (int round = 0; round < 50; ++round) {
    try {
      parallel_for(1000, [](size_t i) {
        if (i == 300 || i == 700 || i == 999) throw std::runtime_error(std::to_string(i));
      });
      FAIL() << "no exception";
    } catch (const std::runtime_error& e) {
      ASSERT_STREQ(e.what(), "300") << "round " << round;
    }
  }
}

TEST(ParallelFor, RunsEveryIndexBelowTheFailure) {
  std::vector<std::atomic<int>> calls(500);
  EXPECT_THROW(parallel_for(500,
                            [&](size_t i) {
                              calls[i].fetch_add(1);
                              if (i == 400) throw std::logic_error("x");
                            }),
               std::logic_error);
  for (size_t i = 0; i <= 400; ++i) ASSERT_EQ(calls[i].load(), 1) << "index " << i;
}

TEST(ParallelFor, NestedLoopsComplete) {
  std::vector<std::vector<int>> grid(64, std::vector<int>(64, 0));
  parallel_for(64, [&](size_t i) { parallel_for(64, [&](size_t j) { grid[i][j] = int(i * j); }); });
  for (size_t i = 0; i < 64; ++i) {
    for (size_t j = 0; j < 64; ++j) ASSERT_EQ(grid[i][j], int(i * j));
  }
}

TEST(ParallelFor, ConcurrentCallersEachGetTheirOwnResults) {
  constexpr size_t kCallers = 4, kCount = 2000;
  std::vector<std::vector<size_t>> out(kCallers, std::vector<size_t>(kCount));
  std::vector<std::thread> callers;
  for (size_t c = 0; c < kCallers; ++c) {
    callers.emplace_back([&, c] { parallel_for(kCount, [&](size_t i) { out[c][i] = i + c; }); });
  }
  for (auto& t : callers) t.join();
  for (size_t c = 0; c < kCallers; ++c) {
    for (size_t i = 0; i < kCount; ++i) ASSERT_EQ(out[c][i], i + c);
  }
}

}  // namespace
}  // namespace zt
