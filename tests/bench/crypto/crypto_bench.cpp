// zt::crypto benchmarks: media-path contexts against raw EVP baselines,
// HPKE single-shot seal/open and sign/verify per MLS cipher suite, Ed25519
// batch verification against one-by-one verification.
#include <benchmark/benchmark.h>
#include <openssl/evp.h>

#include <algorithm>
#include <vector>

#include "zt/crypto/aead.h"
#include "zt/crypto/aes_ctr.h"
#include "zt/crypto/cipher_suite.h"
#include "zt/crypto/hmac.h"
#include "zt/crypto/hpke.h"
#include "zt/crypto/signature.h"
#include "zt/crypto/signature_batch.h"

namespace {

using namespace zt;
using namespace zt::crypto;

void BM_AeadContextSealAes128Gcm(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  AeadContext ctx(AeadAlgorithm::kAes128Gcm, Bytes(16, 7));
  Bytes nonce(12, 1), aad(12, 2), pt(n, 3), out(n + 16);
  for (auto _ : state) {
    nonce[11]++;
    auto r = ctx.seal(nonce, aad, pt, out);
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * n));
}
BENCHMARK(BM_AeadContextSealAes128Gcm)->Arg(100)->Arg(1200);

// The same work written directly on EVP, key schedule done once: the floor.
void BM_RawEvpSealAes128Gcm(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, "AES-128-GCM", nullptr);
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  Bytes key(16, 7), nonce(12, 1), aad(12, 2), pt(n, 3), out(n + 16);
  EVP_EncryptInit_ex2(ctx, cipher, key.data(), nullptr, nullptr);
  for (auto _ : state) {
    nonce[11]++;
    int len = 0;
    EVP_EncryptInit_ex2(ctx, nullptr, nullptr, nonce.data(), nullptr);
    EVP_EncryptUpdate(ctx, nullptr, &len, aad.data(), static_cast<int>(aad.size()));
    EVP_EncryptUpdate(ctx, out.data(), &len, pt.data(), static_cast<int>(n));
    EVP_EncryptFinal_ex(ctx, out.data() + len, &len);
    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, 16, out.data() + n);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * n));
  EVP_CIPHER_CTX_free(ctx);
  EVP_CIPHER_free(cipher);
}
BENCHMARK(BM_RawEvpSealAes128Gcm)->Arg(100)->Arg(1200);

void BM_AeadContextOpenAes128Gcm(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  AeadContext ctx(AeadAlgorithm::kAes128Gcm, Bytes(16, 7));
  Bytes nonce(12, 1), aad(12, 2), pt(n, 3), ct(n + 16), out(n);
  if (!ctx.seal(nonce, aad, pt, ct)) state.SkipWithError("seal failed");
  for (auto _ : state) {
    auto r = ctx.open(nonce, aad, ct, out);
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * n));
}
BENCHMARK(BM_AeadContextOpenAes128Gcm)->Arg(100)->Arg(1200);

void BM_AesCtrContext(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  AesCtrContext ctx(CtrAlgorithm::kAes128Ctr, Bytes(16, 7));
  Bytes iv(16, 1), pt(n, 3), out(n);
  for (auto _ : state) {
    iv[15]++;
    auto r = ctx.crypt(iv, pt, out);
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * n));
}
BENCHMARK(BM_AesCtrContext)->Arg(1200);

void BM_HmacContextSha256(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  HmacContext ctx(HashAlgorithm::kSha256, Bytes(32, 7));
  Bytes data(n, 3), tag(32);
  for (auto _ : state) {
    auto r = ctx.compute(data, tag);
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * n));
}
BENCHMARK(BM_HmacContextSha256)->Arg(1200);

// Raw EVP_MAC with the key re-used (the cheapest EVP HMAC restart in 3.0).
void BM_RawEvpHmacSha256(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(mac);
  char digest[] = "SHA2-256";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest, 0),
                               OSSL_PARAM_construct_end()};
  Bytes key(32, 7), data(n, 3), tag(32);
  EVP_MAC_init(ctx, key.data(), key.size(), params);
  for (auto _ : state) {
    size_t len = 0;
    EVP_MAC_init(ctx, nullptr, 0, nullptr);
    EVP_MAC_update(ctx, data.data(), n);
    EVP_MAC_final(ctx, tag.data(), &len, tag.size());
    benchmark::DoNotOptimize(tag.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * n));
  EVP_MAC_CTX_free(ctx);
  EVP_MAC_free(mac);
}
BENCHMARK(BM_RawEvpHmacSha256)->Arg(1200);

const SuiteAlgorithms& suite_arg(const benchmark::State& state) {
  return suite_algorithms(static_cast<CipherSuiteId>(state.range(0)));
}

void BM_HpkeSealBase(benchmark::State& state) {
  const SuiteAlgorithms& cs = suite_arg(state);
  const Hpke hpke(cs.hpke_suite());
  const KemKeyPair r = hpke.kem().generate_key_pair();
  const Bytes pt(100, 3);
  state.SetLabel(cs.name);
  for (auto _ : state) {
    HpkeSealed s = hpke.seal(r.public_key, {}, {}, pt);
    benchmark::DoNotOptimize(s.ciphertext.data());
  }
}
BENCHMARK(BM_HpkeSealBase)->DenseRange(1, 7);

void BM_HpkeOpenBase(benchmark::State& state) {
  const SuiteAlgorithms& cs = suite_arg(state);
  const Hpke hpke(cs.hpke_suite());
  const KemKeyPair r = hpke.kem().generate_key_pair();
  const HpkeSealed s = hpke.seal(r.public_key, {}, {}, Bytes(100, 3));
  state.SetLabel(cs.name);
  for (auto _ : state) {
    auto pt = hpke.open(s.enc, r.private_key.reveal(), {}, {}, s.ciphertext);
    if (!pt) state.SkipWithError("open failed");
    benchmark::DoNotOptimize(pt);
  }
}
BENCHMARK(BM_HpkeOpenBase)->DenseRange(1, 7);

void BM_Sign(benchmark::State& state) {
  const SuiteAlgorithms& cs = suite_arg(state);
  const SigningKey key = SigningKey::generate(cs.signature);
  const Bytes msg(256, 5);
  state.SetLabel(cs.name);
  for (auto _ : state) {
    Bytes sig = key.sign(msg);
    benchmark::DoNotOptimize(sig.data());
  }
}
BENCHMARK(BM_Sign)->DenseRange(1, 7);

void BM_Verify(benchmark::State& state) {
  const SuiteAlgorithms& cs = suite_arg(state);
  const SigningKey key = SigningKey::generate(cs.signature);
  const VerifyingKey pub = VerifyingKey::from_raw(cs.signature, key.public_key());
  const Bytes msg(256, 5);
  const Bytes sig = key.sign(msg);
  state.SetLabel(cs.name);
  for (auto _ : state) {
    if (!pub.verify(msg, sig)) state.SkipWithError("verify failed");
  }
}
BENCHMARK(BM_Verify)->DenseRange(1, 7);

// n Ed25519 signatures by 16 keys over distinct 200-byte messages (an MLS
// LeafNodeTBS is about that size), as an MLS join checks its leaves.
struct Ed25519Items {
  std::vector<Bytes> keys, messages, signatures;
  std::vector<SignatureCheck> checks;
  explicit Ed25519Items(size_t n) {
    std::vector<SigningKey> signers;
    for (int k = 0; k < 16; ++k) signers.push_back(SigningKey::generate(SignatureScheme::kEd25519));
    for (size_t i = 0; i < n; ++i) {
      const SigningKey& key = signers[i % signers.size()];
      keys.push_back(key.public_key());
      messages.emplace_back(200, static_cast<uint8_t>(i));
      messages.back()[0] = static_cast<uint8_t>(i >> 8);
      signatures.push_back(key.sign(messages.back()));
    }
    for (size_t i = 0; i < n; ++i) checks.push_back({keys[i], messages[i], signatures[i]});
  }
};

// Items per second = signatures verified per second.
void BM_Ed25519VerifyBatch(benchmark::State& state) {
  const Ed25519Items items(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    const std::vector<bool> ok = verify_batch(SignatureScheme::kEd25519, items.checks);
    if (std::find(ok.begin(), ok.end(), false) != ok.end()) state.SkipWithError("verify failed");
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Ed25519VerifyBatch)->Arg(16)->Arg(64)->Arg(128)->Arg(256)->Arg(512)->Arg(1000);

// The same signatures one by one (libsodium): the baseline of the batch.
void BM_Ed25519VerifyEach(benchmark::State& state) {
  const Ed25519Items items(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    for (const SignatureCheck& c : items.checks) {
      if (!verify(SignatureScheme::kEd25519, c.public_key, c.message, c.signature))
        state.SkipWithError("verify failed");
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Ed25519VerifyEach)->Arg(1000);

}  // namespace

BENCHMARK_MAIN();
