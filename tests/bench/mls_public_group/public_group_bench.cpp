// The Delivery Service's public view at N = 10, 100, 1000 members, suite 1
// (a group whose members were all added by one commit): accepting a
// member's commit bundle (an update commit with its path, and the
// committer's GroupInfo of the new epoch), and an Add proposal. Each
// iteration works on a copy of the view (copy-on-write tree: one pointer
// per node), which is part of the time.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <memory>

#include "zt/mls/group.h"
#include "zt/mls/public_group.h"

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

struct Fixture {
  std::unique_ptr<PublicGroup> view;  // at the epoch after the bulk add
  MlsMessage commit;                  // leaf 0's update commit of that epoch
  MlsMessage group_info;              // leaf 0's GroupInfo of the epoch after it
  MlsMessage add;                     // an Add proposal of that epoch
};

const Fixture& fixture(size_t n) {
  static std::map<size_t, Fixture> built;
  auto it = built.find(n);
  if (it != built.end()) return it->second;
  Group a = Group::create(Bytes{'b', 'e', 'n', 'c', 'h'}, bundle(0));
  Fixture f;
  f.view = std::make_unique<PublicGroup>(PublicGroup::create(a.group_info(true)));
  CommitOptions opts;
  for (size_t i = 1; i < n; ++i) opts.proposals.push_back(Proposal{Add{bundle(i).key_package}});
  CommitResult bulk = a.commit(std::move(opts));
  a.merge_pending_commit();
  f.view->handle_commit(bulk.commit, a.group_info(false));
  f.add = a.propose_add(bundle(n).key_package);
  CommitOptions update;
  update.include_pending = false;
  CommitResult r = a.commit(std::move(update));
  f.commit = r.commit;
  a.merge_pending_commit();
  f.group_info = a.group_info(false);
  return built.emplace(n, std::move(f)).first->second;
}

void BM_PublicCommitBundle(benchmark::State& state) {
  const Fixture& f = fixture(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    PublicGroup view = *f.view;
    benchmark::DoNotOptimize(view.handle_commit(f.commit, f.group_info));
  }
  state.counters["commit_bytes"] = static_cast<double>(encode(f.commit).size());
}
BENCHMARK(BM_PublicCommitBundle)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMicrosecond);

void BM_PublicAddProposal(benchmark::State& state) {
  const Fixture& f = fixture(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    PublicGroup view = *f.view;
    benchmark::DoNotOptimize(view.handle(f.add));
  }
}
BENCHMARK(BM_PublicAddProposal)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace zt::mls

BENCHMARK_MAIN();
