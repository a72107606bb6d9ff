// Group operations at N = 10, 100, 1000 members, suite 1 (issue 4 item 8):
// create / process an update commit, add one member (commit + Welcome) and
// process it, join from a Welcome, external join create / process, bulk add
// of N-1. Two tree shapes: "bulk" (one commit added everyone: parents
// blank) and "filled" (every member has committed once: built as a chain in
// which each new member commits its path while adding the next one).
// Counters: state_bytes = serialized client state, heap_bytes = heap held
// by one restored client (mallinfo2 delta).
// ZT_BENCH_FIXTURE_DIR=<dir> caches the built fixtures there (the filled
// 1000-member chain takes a minute to build), so repeated runs and
// callgrind runs start at once; a stale or unreadable file is rebuilt.
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>

#include "zt/mls/group.h"

namespace zt::mls {
namespace {

constexpr CipherSuite kSuite = 1;

KeyPackageBundle bundle(size_t i) {
  char name[32];
  std::snprintf(name, sizeof(name), "member-%zu", i);
  KeyPackageParams p;
  p.cipher_suite = kSuite;
  p.credential = Credential{BasicCredential{Bytes(name, name + std::strlen(name))}};
  return create_key_package(std::move(p));
}

// Two current members of an N-member group: `a` (leaf 0 or the last
// committer) and `b`, plus the serialized state of both for cheap copies.
struct Fixture {
  Bytes a_state, b_state;
  Bytes key = Bytes(32, 1);
  size_t state_bytes = 0;
};

Fixture build(size_t n, bool filled) {
  Fixture f;
  std::unique_ptr<Group> a =
      std::make_unique<Group>(Group::create(Bytes{'b', 'e', 'n', 'c', 'h'}, bundle(0)));
  std::unique_ptr<Group> b;
  if (!filled) {
    CommitOptions opts;
    std::vector<KeyPackageBundle> joiners;
    for (size_t i = 1; i < n; ++i) {
      joiners.push_back(bundle(i));
      opts.proposals.push_back(Proposal{Add{joiners.back().key_package}});
    }
    CommitResult r = a->commit(opts);
    a->merge_pending_commit();
    b = std::make_unique<Group>(Group::join(*r.welcome, joiners.back()));
  } else {
    // Chain: the newest member commits (with path) adding the next one.
    for (size_t i = 1; i < n; ++i) {
      KeyPackageBundle next = bundle(i);
      CommitOptions opts;
      opts.proposals.push_back(Proposal{Add{next.key_package}});
      CommitResult r = a->commit(opts);
      a->merge_pending_commit();
      b = std::move(a);
      a = std::make_unique<Group>(Group::join(*r.welcome, next));
    }
    // a (the last joiner) commits once more so its own path is filled too;
    // b processes it.
    CommitResult r = a->commit();
    b->handle(r.commit);
    a->merge_pending_commit();
  }
  f.a_state = a->serialize(f.key);
  f.b_state = b->serialize(f.key);
  f.state_bytes = f.a_state.size();
  return f;
}

// Fixture files: u32 length + a_state, u32 length + b_state.
std::string fixture_path(size_t n, bool filled) {
  const char* dir = std::getenv("ZT_BENCH_FIXTURE_DIR");
  if (dir == nullptr || *dir == 0) return {};
  return std::string(dir) + "/mls_group_" + std::to_string(n) + (filled ? "_filled" : "_bulk") +
         ".bin";
}

bool read_chunk(const Bytes& file, size_t& pos, Bytes& out) {
  if (file.size() - pos < 4) return false;
  uint32_t len = 0;
  std::memcpy(&len, file.data() + pos, 4);
  pos += 4;
  if (file.size() - pos < len) return false;
  out.assign(file.begin() + static_cast<ptrdiff_t>(pos),
             file.begin() + static_cast<ptrdiff_t>(pos + len));
  pos += len;
  return true;
}

bool load_fixture(const std::string& path, Fixture& f) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  Bytes file{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  size_t pos = 0;
  if (!read_chunk(file, pos, f.a_state) || !read_chunk(file, pos, f.b_state)) return false;
  try {
    (void)Group::restore(f.a_state, f.key);
    (void)Group::restore(f.b_state, f.key);
  } catch (const std::exception&) {
    return false;  // written by an older state format
  }
  f.state_bytes = f.a_state.size();
  return true;
}

void save_fixture(const std::string& path, const Fixture& f) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  for (const Bytes* b : {&f.a_state, &f.b_state}) {
    uint32_t len = static_cast<uint32_t>(b->size());
    out.write(reinterpret_cast<const char*>(&len), 4);
    out.write(reinterpret_cast<const char*>(b->data()), static_cast<std::streamsize>(b->size()));
  }
}

Fixture load_or_build(size_t n, bool filled) {
  const std::string path = fixture_path(n, filled);
  Fixture f;
  if (!path.empty() && load_fixture(path, f)) return f;
  f = build(n, filled);
  if (!path.empty()) save_fixture(path, f);
  return f;
}

const Fixture& fixture(size_t n, bool filled) {
  static std::map<std::pair<size_t, bool>, Fixture> cache;
  auto key = std::make_pair(n, filled);
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(key, load_or_build(n, filled)).first;
  return it->second;
}

size_t heap_of_restored(const Fixture& f) {
  size_t before = mallinfo2().uordblks;
  Group g = Group::restore(f.a_state, f.key);
  size_t after = mallinfo2().uordblks;
  benchmark::DoNotOptimize(g.epoch());
  return after > before ? after - before : 0;
}

void counters(benchmark::State& state, const Fixture& f) {
  state.counters["state_bytes"] = static_cast<double>(f.state_bytes);
  state.counters["heap_bytes"] = static_cast<double>(heap_of_restored(f));
}

// Member b (restored fresh each iteration, untimed) processes `message`.
void process_as_b(benchmark::State& state, const Fixture& f, const MlsMessage& message) {
  for (auto _ : state) {
    state.PauseTiming();
    Group b = Group::restore(f.b_state, f.key);
    state.ResumeTiming();
    b.handle(message);
    state.PauseTiming();
    { Group gone = std::move(b); }
    state.ResumeTiming();
  }
}

void BM_UpdateCommitCreate(benchmark::State& state) {
  const Fixture& f = fixture(state.range(0), state.range(1) != 0);
  Group a = Group::restore(f.a_state, f.key);
  for (auto _ : state) {
    CommitResult r = a.commit();
    benchmark::DoNotOptimize(r);
    a.discard_pending_commit();
  }
  counters(state, f);
}

void BM_UpdateCommitProcess(benchmark::State& state) {
  const Fixture& f = fixture(state.range(0), state.range(1) != 0);
  Group a = Group::restore(f.a_state, f.key);
  CommitResult r = a.commit();
  process_as_b(state, f, r.commit);
}

void BM_AddOneCommitAndWelcome(benchmark::State& state) {
  const Fixture& f = fixture(state.range(0), state.range(1) != 0);
  Group a = Group::restore(f.a_state, f.key);
  KeyPackageBundle joiner = bundle(1'000'000);
  for (auto _ : state) {
    CommitOptions opts;
    opts.proposals.push_back(Proposal{Add{joiner.key_package}});
    CommitResult r = a.commit(opts);
    benchmark::DoNotOptimize(r);
    a.discard_pending_commit();
  }
}

void BM_AddOneProcess(benchmark::State& state) {
  const Fixture& f = fixture(state.range(0), state.range(1) != 0);
  Group a = Group::restore(f.a_state, f.key);
  KeyPackageBundle joiner = bundle(1'000'000);
  CommitOptions opts;
  opts.proposals.push_back(Proposal{Add{joiner.key_package}});
  CommitResult r = a.commit(opts);
  process_as_b(state, f, r.commit);
}

void BM_JoinFromWelcome(benchmark::State& state) {
  const Fixture& f = fixture(state.range(0), state.range(1) != 0);
  Group a = Group::restore(f.a_state, f.key);
  KeyPackageBundle joiner = bundle(1'000'000);
  CommitOptions opts;
  opts.proposals.push_back(Proposal{Add{joiner.key_package}});
  CommitResult r = a.commit(opts);
  for (auto _ : state) {
    Group g = Group::join(*r.welcome, joiner);
    benchmark::DoNotOptimize(g.epoch());
  }
}

void BM_ExternalJoinCreate(benchmark::State& state) {
  const Fixture& f = fixture(state.range(0), state.range(1) != 0);
  Group a = Group::restore(f.a_state, f.key);
  MlsMessage info = a.group_info(true);
  KeyPackageBundle joiner = bundle(1'000'000);
  for (auto _ : state) {
    Group::ExternalJoin j = Group::join_external(info, joiner);
    benchmark::DoNotOptimize(j.commit);
  }
}

void BM_ExternalJoinProcess(benchmark::State& state) {
  const Fixture& f = fixture(state.range(0), state.range(1) != 0);
  Group a = Group::restore(f.a_state, f.key);
  Group::ExternalJoin j = Group::join_external(a.group_info(true), bundle(1'000'000));
  process_as_b(state, f, j.commit);
}

void BM_BulkAdd(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  std::vector<KeyPackageBundle> joiners;
  for (size_t i = 1; i < n; ++i) joiners.push_back(bundle(i));
  KeyPackageBundle creator = bundle(0);
  for (auto _ : state) {
    state.PauseTiming();
    Group a = Group::create(Bytes{'b'}, creator);
    CommitOptions opts;
    for (const auto& j : joiners) opts.proposals.push_back(Proposal{Add{j.key_package}});
    state.ResumeTiming();
    CommitResult r = a.commit(std::move(opts));
    benchmark::DoNotOptimize(r);
  }
}

void shapes(benchmark::internal::Benchmark* b) {
  for (int64_t n : {10, 100, 1000}) {
    for (int64_t filled : {1, 0}) b->Args({n, filled});
  }
  b->ArgNames({"n", "filled"})->Unit(benchmark::kMillisecond)->MinTime(0.3);
}

BENCHMARK(BM_UpdateCommitCreate)->Apply(shapes);
BENCHMARK(BM_UpdateCommitProcess)->Apply(shapes);
BENCHMARK(BM_AddOneCommitAndWelcome)->Apply(shapes);
BENCHMARK(BM_AddOneProcess)->Apply(shapes);
BENCHMARK(BM_JoinFromWelcome)->Apply(shapes);
BENCHMARK(BM_ExternalJoinCreate)->Apply(shapes);
BENCHMARK(BM_ExternalJoinProcess)->Apply(shapes);
BENCHMARK(BM_BulkAdd)
    ->ArgName("n")
    ->Arg(10)
    ->Arg(100)
    ->Arg(1000)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(0.3);

}  // namespace
}  // namespace zt::mls
BENCHMARK_MAIN();
