// treekem: private-state consistency, processing each given UpdatePath as
// every other member (path secret, commit secret, tree hash after), and a
// fresh UpdatePath from each sender that every other member processes.
#include <map>
#include <string>

#include "zt/crypto/cipher_suite.h"
#include "zt/crypto/secret_bytes.h"
#include "zt/mls/ratchet_tree_state.h"
#include "zt/mls/tls_codec.h"
#include "zt/mls/treekem.h"
#include "zt/mls_vectors/registry.h"

namespace zt::mls_vectors {
namespace {

Bytes hex(const nlohmann::json& v) { return from_hex(v.get<std::string>()); }

bool same(const crypto::SecretBytes& secret, const nlohmann::json& expected) {
  return crypto::constant_time_equal(secret.reveal(), hex(expected));
}

struct Member {
  mls::TreeKemPrivateKey priv;
  Bytes signature_priv;
};

struct Fixture {
  crypto::SuiteAlgorithms suite;
  mls::RatchetTree nodes;
  mls::GroupContext context;
  std::map<mls::LeafIndex, Member> members;

  mls::RatchetTreeState tree() const { return mls::RatchetTreeState::from_wire(suite, nodes); }
};

std::string load_members(const nlohmann::json& v, Fixture& f) {
  auto tree = f.tree();
  for (const auto& leaf : v.at("leaves_private")) {
    auto index = leaf.at("index").get<mls::LeafIndex>();
    mls::TreeKemPrivateKey priv(f.suite, index);
    priv.set_key(mls::tree::leaf_to_node(index), crypto::SecretBytes(hex(leaf.at("encryption_priv"))));
    for (const auto& ps : leaf.at("path_secrets")) {
      priv.set_from_path_secret(ps.at("node").get<mls::NodeIndex>(), hex(ps.at("path_secret")));
    }
    if (!priv.consistent_with(tree)) return "private state of leaf " + std::to_string(index) + " is inconsistent";
    f.members.emplace(index, Member{std::move(priv), hex(leaf.at("signature_priv"))});
  }
  return {};
}

// Every non-blank leaf but the sender processes `path`; returns an error or "".
std::string process_as_others(const Fixture& f, mls::LeafIndex sender, const mls::UpdatePath& path,
                              const mls::GroupContext& context, const nlohmann::json* expected_secrets,
                              const crypto::SecretBytes* commit_secret, const nlohmann::json* commit_hex) {
  auto merged = f.tree();
  mls::merge_update_path(merged, sender, path);
  for (const auto& [j, member] : f.members) {
    if (j == sender || merged.leaf(j) == nullptr) continue;
    mls::TreeKemPrivateKey priv = member.priv;
    auto got = mls::decrypt_update_path(merged, priv, sender, path, context, {});
    std::string who = " (sender " + std::to_string(sender) + ", receiver " + std::to_string(j) + ")";
    if (expected_secrets != nullptr && !same(got.path_secret, expected_secrets->at(j))) {
      return "path secret differs" + who;
    }
    if (commit_hex != nullptr && !same(got.commit_secret, *commit_hex)) return "commit secret differs" + who;
    if (commit_secret != nullptr && !(got.commit_secret == *commit_secret)) {
      return "commit secret of the new path differs" + who;
    }
    if (!priv.consistent_with(merged)) return "private state inconsistent after processing" + who;
  }
  return {};
}

std::string check_update_path(const Fixture& f, const nlohmann::json& up) {
  auto sender = up.at("sender").get<mls::LeafIndex>();
  auto path = mls::decode<mls::UpdatePath>(hex(up.at("update_path")));
  if (!path) return "update_path: " + path.error().to_string();
  auto merged = f.tree();
  mls::merge_update_path(merged, sender, *path);
  if (merged.tree_hash() != hex(up.at("tree_hash_after"))) return "tree_hash_after differs";
  mls::GroupContext context = f.context;
  context.tree_hash = merged.tree_hash();
  const auto& secrets = up.at("path_secrets");
  if (auto err = process_as_others(f, sender, *path, context, &secrets, nullptr, &up.at("commit_secret"));
      !err.empty()) {
    return err;
  }

  // A new UpdatePath from the same sender, processed by everyone else.
  auto tree = f.tree();
  const Member& me = f.members.at(sender);
  mls::TreeKemPrivateKey priv = me.priv;
  mls::UpdatePathInput input{*tree.leaf(sender), me.signature_priv, {}};
  mls::GroupContext new_context = f.context;
  auto created = mls::create_update_path(tree, priv, input, new_context);
  if (!priv.consistent_with(tree)) return "committer private state inconsistent";
  return process_as_others(f, sender, created.path, new_context, nullptr, &created.commit_secret, nullptr);
}

}  // namespace

VectorResult check_treekem(const nlohmann::json& v) {
  auto suite = crypto::find_suite_algorithms(v.at("cipher_suite").get<uint16_t>());
  if (!suite) return VectorResult::fail("unknown cipher suite");
  auto nodes = mls::decode<mls::RatchetTree>(hex(v.at("ratchet_tree")));
  if (!nodes) return VectorResult::fail("ratchet_tree: " + nodes.error().to_string());
  Fixture f{*suite, std::move(*nodes), {}, {}};
  f.context.cipher_suite = v.at("cipher_suite").get<uint16_t>();
  f.context.group_id = hex(v.at("group_id"));
  f.context.epoch = v.at("epoch").get<uint64_t>();
  f.context.confirmed_transcript_hash = hex(v.at("confirmed_transcript_hash"));
  if (auto err = load_members(v, f); !err.empty()) return VectorResult::fail(err);
  for (const auto& up : v.at("update_paths")) {
    if (auto err = check_update_path(f, up); !err.empty()) return VectorResult::fail(err);
  }
  return VectorResult::pass();
}

}  // namespace zt::mls_vectors
