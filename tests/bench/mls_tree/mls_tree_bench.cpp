// Ratchet tree and TreeKEM at N = 10, 100, 1000 members (suite 1), in a
// filled tree (every member has committed once):
//   BM_TreeHashFromScratch   root tree hash with an empty cache
//   BM_TreeHashAfterPath     root tree hash after merging one UpdatePath (cached)
//   BM_UpdatePathCreate      UpdatePath generation by member 0 (incl. signing, tree hash, HPKE)
//   BM_UpdatePathApply       merge + tree hash + decrypt by the last member
#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <string>

#include "zt/crypto/cipher_suite.h"
#include "zt/crypto/kem.h"
#include "zt/crypto/signature.h"
#include "zt/mls/leaf_node_signature.h"
#include "zt/mls/ratchet_tree_state.h"
#include "zt/mls/treekem.h"

namespace zt::mls {
namespace {

const crypto::SuiteAlgorithms& suite() {
  return crypto::suite_algorithms(crypto::CipherSuiteId::kX25519Aes128GcmSha256Ed25519);
}

struct Filled {
  RatchetTreeState tree{suite()};
  std::vector<crypto::SecretBytes> signature_keys;
  std::vector<TreeKemPrivateKey> privs;
  GroupContext context;
};

LeafNode make_leaf(uint32_t n, const crypto::SecretBytes& sig, crypto::SecretBytes& enc_priv) {
  auto pair = crypto::Dhkem(suite().kem).generate_key_pair();
  enc_priv = std::move(pair.private_key);
  LeafNode leaf;
  leaf.encryption_key = pair.public_key;
  leaf.signature_key = crypto::derive_signature_public_key(suite().signature, sig.reveal());
  std::string id = "member-" + std::to_string(n);
  leaf.credential = Credential{BasicCredential{Bytes(id.begin(), id.end())}};
  leaf.capabilities = {{ProtocolVersion::kMls10}, {1}, {}, {}, {kCredentialBasic}};
  leaf.source = KeyPackageLeafSource{{0, ~uint64_t{0}}};
  sign_leaf_node(suite(), leaf, sig.reveal(), {}, 0);
  return leaf;
}

// Members 0..n-1 added, then each commits once in turn on the shared tree.
// Every committer's keys are current right after its own commit, so the
// last member holds valid keys for its whole direct path.
Filled& filled(uint32_t n) {
  static std::map<uint32_t, std::unique_ptr<Filled>> cache;
  auto& slot = cache[n];
  if (slot) return *slot;
  slot = std::make_unique<Filled>();
  Filled& f = *slot;
  f.context.cipher_suite = 1;
  f.context.group_id = {7, 7, 7};
  for (uint32_t i = 0; i < n; ++i) {
    f.signature_keys.push_back(crypto::SigningKey::generate(suite().signature).raw_private_key());
    crypto::SecretBytes enc;
    LeafIndex at = f.tree.add_leaf(make_leaf(i, f.signature_keys.back(), enc));
    f.privs.emplace_back(suite(), at);
    f.privs.back().set_key(tree::leaf_to_node(at), std::move(enc));
  }
  for (uint32_t i = 0; i < n; ++i) {
    UpdatePathInput input{*f.tree.leaf(i), f.signature_keys[i].reveal(), {}};
    GroupContext ctx = f.context;
    create_update_path(f.tree, f.privs[i], input, ctx);
  }
  f.tree.tree_hash();
  return f;
}

void BM_TreeHashFromScratch(benchmark::State& state) {
  Filled& f = filled(static_cast<uint32_t>(state.range(0)));
  for (auto _ : state) {
    f.tree.clear_hash_cache();
    benchmark::DoNotOptimize(f.tree.tree_hash().data());
  }
}

// One UpdatePath from member 0, created on a copy of the filled tree.
struct PathFixture {
  RatchetTreeState tree;
  UpdatePath path;
  GroupContext context;
};

PathFixture make_path(Filled& f) {
  RatchetTreeState sender_tree = f.tree;
  TreeKemPrivateKey sender = f.privs[0];
  UpdatePathInput input{*f.tree.leaf(0), f.signature_keys[0].reveal(), {}};
  GroupContext ctx = f.context;
  auto created = create_update_path(sender_tree, sender, input, ctx);
  return {f.tree, std::move(created.path), ctx};
}

void BM_TreeHashAfterPath(benchmark::State& state) {
  Filled& f = filled(static_cast<uint32_t>(state.range(0)));
  PathFixture p = make_path(f);
  for (auto _ : state) {
    state.PauseTiming();
    merge_update_path(p.tree, 0, p.path);  // idempotent: marks the path dirty again
    state.ResumeTiming();
    benchmark::DoNotOptimize(p.tree.tree_hash().data());
  }
}

void BM_UpdatePathCreate(benchmark::State& state) {
  Filled& f = filled(static_cast<uint32_t>(state.range(0)));
  RatchetTreeState tree = f.tree;
  TreeKemPrivateKey priv = f.privs[0];
  UpdatePathInput input{*f.tree.leaf(0), f.signature_keys[0].reveal(), {}};
  for (auto _ : state) {
    GroupContext ctx = f.context;
    auto created = create_update_path(tree, priv, input, ctx);
    benchmark::DoNotOptimize(created.commit_secret.size());
  }
}

void BM_UpdatePathApply(benchmark::State& state) {
  auto n = static_cast<uint32_t>(state.range(0));
  Filled& f = filled(n);
  PathFixture p = make_path(f);
  TreeKemPrivateKey receiver = f.privs[n - 1];
  for (auto _ : state) {
    merge_update_path(p.tree, 0, p.path);
    GroupContext ctx = p.context;
    ctx.tree_hash = p.tree.tree_hash();
    auto got = decrypt_update_path(p.tree, receiver, 0, p.path, ctx, {});
    benchmark::DoNotOptimize(got.commit_secret.size());
  }
}

#define ZT_TREE_SIZES ->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMicrosecond)
BENCHMARK(BM_TreeHashFromScratch) ZT_TREE_SIZES;
BENCHMARK(BM_TreeHashAfterPath) ZT_TREE_SIZES;
BENCHMARK(BM_UpdatePathCreate) ZT_TREE_SIZES;
BENCHMARK(BM_UpdatePathApply) ZT_TREE_SIZES;

}  // namespace
}  // namespace zt::mls

BENCHMARK_MAIN();
