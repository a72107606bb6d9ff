// SFrame protect / unprotect / both, suites 1 and 4, 100- and 1200-byte
// payloads, through the public Context API (per-KID cipher contexts reused).
// The raw EVP baseline lives in evp_baseline.cpp of the same binary.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "zt/sframe/context.h"

namespace {

using zt::Bytes;
using zt::sframe::CipherSuite;
using zt::sframe::Context;
using zt::sframe::KeyUsage;

constexpr uint64_t kKid = 5;  // a small KID and CTR: a 2-4 byte header, as in media
const Bytes kBaseKey(16, 0x42);

CipherSuite suite_arg(const benchmark::State& state) {
  return static_cast<CipherSuite>(state.range(0));
}

Context make_context(CipherSuite suite, KeyUsage usage) {
  Context ctx(suite);
  if (!ctx.add_key(kKid, kBaseKey, usage)) std::abort();
  return ctx;
}

void finish(benchmark::State& state, size_t n) {
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(n));
}

void BM_SFrameProtect(benchmark::State& state) {
  size_t n = static_cast<size_t>(state.range(1));
  Context sender = make_context(suite_arg(state), KeyUsage::kEncrypt);
  Bytes pt(n, 0x5a), out(n + 64);
  for (auto _ : state) {
    auto r = sender.protect(kKid, pt, {}, out);
    if (!r) state.SkipWithError("protect");
    benchmark::DoNotOptimize(out.data());
  }
  finish(state, n);
}

void BM_SFrameUnprotect(benchmark::State& state) {
  constexpr size_t kBatch = 256;  // 256 frames of <= 1.3 kB stay in L2, like the EVP baseline
  size_t n = static_cast<size_t>(state.range(1));
  CipherSuite suite = suite_arg(state);
  Context sender = make_context(suite, KeyUsage::kEncrypt);
  Bytes pt(n, 0x5a);
  std::vector<Bytes> frames(kBatch, Bytes(n + 64));
  for (auto& f : frames) f.resize(*sender.protect(kKid, pt, {}, f));
  std::optional<Context> receiver;
  receiver.emplace(make_context(suite, KeyUsage::kDecrypt));
  Bytes out(n + 64);
  size_t i = 0;
  for (auto _ : state) {
    if (i == kBatch) {  // the replay window refuses a second pass: new receiver
      state.PauseTiming();
      receiver.emplace(make_context(suite, KeyUsage::kDecrypt));
      i = 0;
      state.ResumeTiming();
    }
    auto r = receiver->unprotect(frames[i++], {}, out);
    if (!r) state.SkipWithError("unprotect");
    benchmark::DoNotOptimize(out.data());
  }
  finish(state, n);
}

void BM_SFrameProtectUnprotect(benchmark::State& state) {
  size_t n = static_cast<size_t>(state.range(1));
  CipherSuite suite = suite_arg(state);
  Context sender = make_context(suite, KeyUsage::kEncrypt);
  Context receiver = make_context(suite, KeyUsage::kDecrypt);
  Bytes pt(n, 0x5a), frame(n + 64), out(n + 64);
  for (auto _ : state) {
    auto f = sender.protect(kKid, pt, {}, frame);
    auto r = receiver.unprotect(zt::BytesView(frame.data(), f ? *f : 0), {}, out);
    if (!r) state.SkipWithError("unprotect");
    benchmark::DoNotOptimize(out.data());
  }
  finish(state, n);
}

void suites_and_sizes(benchmark::internal::Benchmark* b) {
  b->ArgNames({"suite", "bytes"});
  for (int64_t suite : {1, 4}) {
    for (int64_t size : {100, 1200}) b->Args({suite, size});
  }
}

}  // namespace

BENCHMARK(BM_SFrameProtect)->Apply(suites_and_sizes);
BENCHMARK(BM_SFrameUnprotect)->Apply(suites_and_sizes);
BENCHMARK(BM_SFrameProtectUnprotect)->Apply(suites_and_sizes);

BENCHMARK_MAIN();
