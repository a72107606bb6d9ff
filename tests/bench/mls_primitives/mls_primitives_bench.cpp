// MLS primitives: secret-tree key derivation and PrivateMessage
// protect/unprotect of a 100-byte application message, per cipher suite.
#include <benchmark/benchmark.h>

#include <optional>

#include "zt/crypto/signature.h"
#include "zt/mls/message_protection.h"

namespace zt::mls {
namespace {

constexpr uint32_t kLeaves = 1000;

const crypto::SuiteAlgorithms& suite_arg(const benchmark::State& state) {
  return suite_algorithms(static_cast<CipherSuite>(state.range(0)));
}

// First key of a leaf of a fresh 1000-leaf tree: the lazy path from the root
// (about 10 tree-node derivations) plus the leaf's ratchet initialisation.
void BM_SecretTreeFirstLeafKey(benchmark::State& state) {
  const crypto::SuiteAlgorithms& suite = suite_arg(state);
  const Bytes root(suite.nh, 0x5a);
  uint32_t leaf = 0;
  for (auto _ : state) {
    state.PauseTiming();
    SecretTree tree(suite, root, kLeaves);
    state.ResumeTiming();
    auto key = tree.next_key(leaf, RatchetType::kApplication);
    benchmark::DoNotOptimize(key);
    leaf = (leaf + 397) % kLeaves;
  }
  state.SetLabel(suite.name);
}

// The next generation of an already derived leaf ratchet.
void BM_SecretTreeNextGeneration(benchmark::State& state) {
  const crypto::SuiteAlgorithms& suite = suite_arg(state);
  SecretTree tree(suite, Bytes(suite.nh, 0x5a), kLeaves);
  for (auto _ : state) {
    auto key = tree.next_key(617, RatchetType::kApplication);
    benchmark::DoNotOptimize(key);
  }
  state.SetLabel(suite.name);
}

struct Epoch {
  explicit Epoch(const crypto::SuiteAlgorithms& s)
      : suite(s),
        signature_priv(crypto::SigningKey::generate(s.signature).raw_private_key()),
        signature_pub(crypto::derive_signature_public_key(s.signature, signature_priv.reveal())),
        sender_data_secret(s.nh, 0x22),
        sender(s, Bytes(s.nh, 0x11), kLeaves),
        receiver(s, Bytes(s.nh, 0x11), kLeaves) {
    context.cipher_suite = static_cast<CipherSuite>(s.id);
    context.group_id = Bytes(16, 0x67);
    context.epoch = 42;
    context.tree_hash = Bytes(s.nh, 1);
    context.confirmed_transcript_hash = Bytes(s.nh, 2);
  }
  AuthenticatedContent signed_application() const {
    FramedContent fc{context.group_id,
                     context.epoch,
                     Sender{MemberSender{kSender}},
                     {},
                     ApplicationData{Bytes(100, 0xa5)}};
    return sign_framed_content(suite, signature_priv.reveal(), WireFormat::kPrivateMessage,
                               std::move(fc), context);
  }
  SignerKeyLookup signer() const {
    return [this](const Sender&) -> std::optional<SignaturePublicKey> { return signature_pub; };
  }

  static constexpr uint32_t kSender = 517;
  const crypto::SuiteAlgorithms& suite;
  GroupContext context;
  crypto::SecretBytes signature_priv;
  Bytes signature_pub;
  Bytes sender_data_secret;
  SecretTree sender;
  SecretTree receiver;
};

// Encryption only (the content is signed once outside the loop).
void BM_PrivateMessageProtect(benchmark::State& state) {
  Epoch e(suite_arg(state));
  const AuthenticatedContent content = e.signed_application();
  for (auto _ : state) {
    auto m = protect_private(e.suite, content, e.sender, e.sender_data_secret);
    benchmark::DoNotOptimize(m);
  }
  state.SetLabel(e.suite.name);
}

// Decryption and signature verification of messages protected outside the loop.
void BM_PrivateMessageUnprotect(benchmark::State& state) {
  Epoch e(suite_arg(state));
  const AuthenticatedContent content = e.signed_application();
  constexpr size_t kBatch = 256;
  std::vector<PrivateMessage> batch;
  size_t next = kBatch;
  const SignerKeyLookup signer = e.signer();
  for (auto _ : state) {
    if (next == kBatch) {
      state.PauseTiming();
      batch.clear();
      for (size_t i = 0; i < kBatch; ++i)
        batch.push_back(*protect_private(e.suite, content, e.sender, e.sender_data_secret));
      next = 0;
      state.ResumeTiming();
    }
    auto opened = unprotect_private(e.suite, batch[next++], e.context, e.receiver,
                                    e.sender_data_secret, signer);
    if (!opened) state.SkipWithError("unprotect failed");
    benchmark::DoNotOptimize(opened);
  }
  state.SetLabel(e.suite.name);
}

// Signing + encryption, what a sender pays per message.
void BM_PrivateMessageSignAndProtect(benchmark::State& state) {
  Epoch e(suite_arg(state));
  for (auto _ : state) {
    auto m = protect_private(e.suite, e.signed_application(), e.sender, e.sender_data_secret);
    benchmark::DoNotOptimize(m);
  }
  state.SetLabel(e.suite.name);
}

void all_suites(benchmark::internal::Benchmark* b) {
  for (int s = 1; s <= 7; ++s) b->Arg(s);
}

BENCHMARK(BM_SecretTreeFirstLeafKey)->Apply(all_suites);
BENCHMARK(BM_SecretTreeNextGeneration)->Apply(all_suites);
BENCHMARK(BM_PrivateMessageProtect)->Apply(all_suites);
BENCHMARK(BM_PrivateMessageUnprotect)->Apply(all_suites);
BENCHMARK(BM_PrivateMessageSignAndProtect)->Apply(all_suites);

}  // namespace
}  // namespace zt::mls

BENCHMARK_MAIN();
