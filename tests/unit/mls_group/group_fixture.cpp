#include "group_fixture.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "zt/crypto/aead.h"

namespace zt::mls::testing {

KeyPackageBundle make_bundle(const std::string& name, CipherSuite suite) {
  KeyPackageParams p;
  p.cipher_suite = suite;
  p.credential = Credential{BasicCredential{Bytes(name.begin(), name.end())}};
  return create_key_package(std::move(p));
}

std::string numbered(const char* prefix, size_t i) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%s%zu", prefix, i);
  return buf;
}

Bytes pem_to_der(const std::string& pem) {
  std::string body = pem.substr(pem.find('\n') + 1);
  body = body.substr(0, body.find("-----END"));
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  Bytes out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : body) {
    size_t v = kAlphabet.find(c);
    if (v == std::string::npos) continue;  // newlines, padding
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<uint8_t>(acc >> bits));
    }
  }
  return out;
}

MessageErrorCode rejection(Group& g, const MlsMessage& message) {
  try {
    g.handle(message);
  } catch (const MessageRejected& e) {
    return e.code();
  }
  ADD_FAILURE() << "message accepted";
  return MessageErrorCode::kMalformed;
}

namespace {
Bytes state_aad(BytesView header) { return concat(as_bytes("zt mls client state"), header); }
}  // namespace

Bytes open_state(BytesView blob, BytesView key) {
  auto plain = crypto::aead_open(crypto::AeadAlgorithm::kAes256Gcm, key, blob.subspan(5, 12),
                                 state_aad(blob.first(5)), blob.subspan(17));
  EXPECT_TRUE(plain.has_value());
  return plain ? *plain : Bytes{};
}

Bytes seal_state(BytesView plain, BytesView key, uint8_t version) {
  const Bytes header = concat(as_bytes("ZTCS"), Bytes{version});
  const Bytes nonce(12, 9);
  Bytes out = concat(header, nonce);
  const Bytes sealed =
      crypto::aead_seal(crypto::AeadAlgorithm::kAes256Gcm, key, nonce, state_aad(header), plain);
  out.insert(out.end(), sealed.begin(), sealed.end());
  return out;
}

Bytes older_state_plaintext(const Group& g, BytesView key, uint8_t version) {
  Bytes plain = open_state(g.serialize(key), key);
  const size_t hashes = encode(g.tree().cached_hashes()).size();
  EXPECT_GT(plain.size(), hashes);
  plain.resize(plain.size() - hashes);
  EXPECT_EQ(plain.back(), 0u);  // no past epoch's application keys
  plain.pop_back();
  if (version == 2) plain.resize(plain.size() - encode(g.reinit()).size());
  return plain;
}

Meeting::Meeting(size_t n, GroupOptions opts) : options(opts) {
  members.push_back(std::make_unique<Group>(
      Group::create(Bytes{0x6d, 0x65, 0x65, 0x74}, make_bundle("m0"), {}, options)));
  std::vector<KeyPackageBundle> joiners;
  for (size_t i = 1; i < n; ++i) joiners.push_back(make_bundle(numbered("m", i)));
  if (!joiners.empty()) commit(0, {}, std::move(joiners));
}

size_t Meeting::active() const {
  size_t n = 0;
  for (const auto& m : members) n += m != nullptr ? 1 : 0;
  return n;
}

void Meeting::add_joined(Group g) {
  uint32_t leaf = g.own_leaf();
  if (members.size() <= leaf) members.resize(leaf + 1);
  members[leaf] = std::make_unique<Group>(std::move(g));
}

AppliedCommit Meeting::commit(uint32_t committer, std::vector<Proposal> proposals,
                              std::vector<KeyPackageBundle> joiners) {
  for (const KeyPackageBundle& j : joiners) proposals.push_back(Proposal{Add{j.key_package}});
  CommitOptions opts;
  opts.proposals = std::move(proposals);
  CommitResult result = at(committer).commit(std::move(opts));
  AppliedCommit summary;
  for (size_t i = 0; i < members.size(); ++i) {
    if (members[i] == nullptr || i == committer) continue;
    summary = std::get<AppliedCommit>(members[i]->handle(result.commit));
  }
  at(committer).merge_pending_commit();
  for (uint32_t r : summary.removed) members.at(r).reset();
  for (const KeyPackageBundle& j : joiners)
    add_joined(Group::join(*result.welcome, j, std::nullopt, options));
  return summary;
}

void Meeting::expect_agreement() const {
  const Group* first = nullptr;
  for (const auto& m : members) {
    if (m == nullptr) continue;
    if (first == nullptr) {
      first = m.get();
      continue;
    }
    ASSERT_EQ(m->epoch(), first->epoch());
    ASSERT_EQ(to_hex(m->epoch_authenticator()), to_hex(first->epoch_authenticator()));
    ASSERT_TRUE(m->export_secret("sframe", {}, 16) == first->export_secret("sframe", {}, 16));
    ASSERT_EQ(m->tree().tree_hash(), first->tree().tree_hash());
  }
}

}  // namespace zt::mls::testing
