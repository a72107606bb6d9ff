// Joining validates every existing member (RFC 9420 section 12.4.3.1 plus
// the configured CredentialVerifier): a tree holding a member whose
// certificate expired or was revoked, or a leaf whose signature was
// corrupted, is refused with an error that names the leaf; the parallel
// validation reports exactly what a one-thread validation reports.
#include <gtest/gtest.h>

#include <chrono>

#include "group_fixture.h"
#include "zt/crypto/x509_certificate.h"
#include "zt/crypto/x509_issuer.h"
#include "zt/mls/crypto_labels.h"
#include "zt/mls/tls_codec.h"
#include "zt/mls/tree_validation.h"

namespace zt::mls::testing {
namespace {

using namespace std::chrono_literals;
const std::chrono::system_clock::time_point kStart{std::chrono::seconds(1'800'000'000)};

// An org CA that certifies Ed25519 members.
struct OrgCa {
  crypto::SecretBytes key = crypto::generate_x509_private_key();
  std::string pem =
      crypto::create_root_ca(key, {"Join CA", "zt", kStart - 24h, kStart + 24h * 365, -1});

  struct Member {
    KeyPackageBundle bundle;
    std::string serial_hex;
  };

  Member certify(const std::string& name, std::chrono::system_clock::time_point not_after) const {
    crypto::SecretBytes member_key = crypto::generate_x509_private_key();
    std::string cert =
        crypto::issue_from_csr(crypto::create_csr(member_key, name),
                               {name, {"zt:org:1:user:" + name}, kStart - 1h, not_after}, pem, key);
    KeyPackageParams p;
    p.cipher_suite = kSuite;
    p.credential = Credential{X509Credential{{Certificate{pem_to_der(cert)}}}};
    BytesView raw = member_key.reveal();
    p.signature_private_key = crypto::SecretBytes(raw.subspan(raw.size() - 32));  // PKCS#8 seed
    return {create_key_package(std::move(p)), crypto::describe_certificate(cert).serial_hex};
  }
};

// alice (basic credential, leaf 0) creates the group and adds bob (leaf 1,
// certificate valid for one hour) and carol (basic, leaf 2); nobody checks
// credentials while the group forms.
struct CertifiedGroup {
  OrgCa ca;
  OrgCa::Member bob = ca.certify("bob", kStart + 1h);
  Group alice = Group::create(Bytes{'j', 'v'}, make_bundle("alice"));

  CertifiedGroup() {
    CommitOptions opts;
    opts.proposals.push_back(Proposal{Add{bob.bundle.key_package}});
    opts.proposals.push_back(Proposal{Add{make_bundle("carol").key_package}});
    alice.commit(opts);
    alice.merge_pending_commit();
  }

  // A Welcome for a new member (leaf 3).
  MlsMessage welcome_for(const KeyPackageBundle& joiner) {
    CommitOptions opts;
    opts.proposals.push_back(Proposal{Add{joiner.key_package}});
    CommitResult r = alice.commit(opts);
    alice.discard_pending_commit();
    return *r.welcome;
  }
};

GroupOptions checking(const CredentialVerifier& verifier) {
  GroupOptions o;
  o.credentials = &verifier;
  return o;
}

std::string join_error(const std::function<void()>& join) {
  try {
    join();
  } catch (const ProtocolError& e) {
    return e.what();
  }
  return "joined";
}

TEST(JoinValidation, WelcomeJoinRefusesAGroupHoldingAnExpiredCertificate) {
  CertifiedGroup g;
  ManualClock clock;
  clock.set_wall(kStart);
  CredentialVerifier verifier({{g.ca.pem}, {}, {}}, clock);
  KeyPackageBundle dave = make_bundle("dave");
  MlsMessage welcome = g.welcome_for(dave);

  // While bob's certificate is valid the join succeeds and the roster
  // shows each member's status.
  Group joined = Group::join(welcome, dave, std::nullopt, checking(verifier));
  std::vector<RosterEntry> roster = joined.roster();
  ASSERT_EQ(roster.size(), 4u);
  EXPECT_EQ(roster[0].identity.status, VerificationStatus::kUnverified);
  EXPECT_EQ(roster[1].identity.status, VerificationStatus::kVerifiedInternal);
  EXPECT_EQ(roster[3].identity.basic_identity, (Bytes{'d', 'a', 'v', 'e'}));

  clock.advance(2h);
  std::string why =
      join_error([&] { Group::join(welcome, dave, std::nullopt, checking(verifier)); });
  EXPECT_NE(why.find("leaf 1 has a rejected credential"), std::string::npos) << why;
  EXPECT_NE(why.find("validity period"), std::string::npos) << why;

  // Without a verifier nothing checks credentials at join time.
  EXPECT_NO_THROW(Group::join(welcome, dave));
}

TEST(JoinValidation, ExternalJoinRefusesAGroupHoldingAnExpiredCertificate) {
  CertifiedGroup g;
  ManualClock clock;
  clock.set_wall(kStart + 2h);
  CredentialVerifier verifier({{g.ca.pem}, {}, {}}, clock);
  MlsMessage info = g.alice.group_info(true);
  KeyPackageBundle erin = make_bundle("erin");
  std::string why =
      join_error([&] { Group::join_external(info, erin, std::nullopt, checking(verifier)); });
  EXPECT_NE(why.find("leaf 1 has a rejected credential"), std::string::npos) << why;
  EXPECT_NE(why.find("validity period"), std::string::npos) << why;
}

TEST(JoinValidation, JoinRefusesAGroupHoldingARevokedCertificate) {
  CertifiedGroup g;
  ManualClock clock;
  clock.set_wall(kStart);
  CredentialVerifier verifier({{g.ca.pem}, {}, {g.bob.serial_hex}}, clock);
  KeyPackageBundle dave = make_bundle("dave");
  std::string why =
      join_error([&] { Group::join(g.welcome_for(dave), dave, std::nullopt, checking(verifier)); });
  EXPECT_NE(why.find("leaf 1 has a rejected credential"), std::string::npos) << why;
  EXPECT_NE(why.find("revoked"), std::string::npos) << why;
}

// The ratchet tree of a GroupInfo, with leaf `k`'s signature corrupted.
RatchetTree tree_with_bad_signature(const GroupInfo& gi, std::initializer_list<uint32_t> leaves) {
  auto tree =
      decode<RatchetTree>(find_extension(gi.extensions, kExtensionRatchetTree)->extension_data);
  for (uint32_t k : leaves) std::get<LeafNode>(tree->at(2 * k)->value).signature[5] ^= 0x20;
  return *tree;
}

// A GroupInfo for `tree` as a malicious member (leaf 0, whose key we hold)
// would sign it: the context's tree hash is the corrupted tree's, so only
// the leaf signature check can catch it.
MlsMessage resigned_group_info(GroupInfo gi, const RatchetTree& tree, BytesView signer_key) {
  const crypto::SuiteAlgorithms& su = suite_algorithms(gi.group_context.cipher_suite);
  gi.group_context.tree_hash = RatchetTreeState::from_wire(su, tree).tree_hash();
  for (Extension& e : gi.extensions) {
    if (e.extension_type == kExtensionRatchetTree) e.extension_data = encode(tree);
  }
  gi.signer = 0;
  gi.signature = sign_with_label(su, signer_key, "GroupInfoTBS", encode(group_info_tbs(gi)));
  return MlsMessage{ProtocolVersion::kMls10, std::move(gi)};
}

// A group of `members` (m0 = creator, m1... added in one commit, merged).
Group bulk_group(Bytes group_id, const KeyPackageBundle& creator, size_t members) {
  Group a = Group::create(std::move(group_id), creator);
  CommitOptions opts;
  for (size_t i = 1; i < members; ++i)
    opts.proposals.push_back(Proposal{Add{make_bundle(numbered("m", i)).key_package}});
  a.commit(opts);
  a.merge_pending_commit();
  return a;
}

TEST(JoinValidation, CorruptedLeafSignatureIsNamedByIndex) {
  KeyPackageBundle creator = make_bundle("m0");
  Group a = bulk_group(Bytes{'c', 's'}, creator, 12);
  const GroupInfo gi = std::get<GroupInfo>(a.group_info(true).message);
  const BytesView key = creator.signature_private_key.reveal();

  for (uint32_t k : {3u, 7u, 11u}) {
    MlsMessage forged = resigned_group_info(gi, tree_with_bad_signature(gi, {k}), key);
    for (int attempt = 0; attempt < 3; ++attempt) {
      std::string why = join_error([&] { Group::join_external(forged, make_bundle("x")); });
      EXPECT_EQ(why,
                "ratchet tree invalid: leaf " + std::to_string(k) + " has an invalid signature");
    }
  }
  // Two bad leaves: the lower index is reported, every time.
  MlsMessage forged = resigned_group_info(gi, tree_with_bad_signature(gi, {9, 4}), key);
  for (int attempt = 0; attempt < 5; ++attempt) {
    EXPECT_EQ(join_error([&] { Group::join_external(forged, make_bundle("x")); }),
              "ratchet tree invalid: leaf 4 has an invalid signature");
  }
  // The untouched GroupInfo still joins.
  EXPECT_NO_THROW(Group::join_external(a.group_info(true), make_bundle("x")));
}

// Ed25519 leaf signatures of a large tree are verified in batches of 256
// (crypto::verify_batch): a bad leaf in any batch, at a batch boundary or
// several in one batch, is reported exactly as one-by-one checking does.
TEST(JoinValidation, BatchedLeafSignaturesNameTheFailingLeaf) {
  Group a = bulk_group(Bytes{'b', 's'}, make_bundle("m0"), 300);
  const GroupInfo gi = std::get<GroupInfo>(a.group_info(true).message);
  const crypto::SuiteAlgorithms& su = suite_algorithms(kSuite);
  auto validate = [&](const RatchetTree& wire) {
    const RatchetTreeState tree = RatchetTreeState::from_wire(su, wire);
    std::string first;
    for (size_t threads : {size_t{1}, size_t{0}}) {
      auto r = validate_joined_tree(tree, gi.group_context.group_id, tree.tree_hash(),
                                    TreeValidationOptions{nullptr, threads});
      const std::string got = r ? "ok" : r.error();
      if (threads == 1) first = got;
      EXPECT_EQ(got, first);
    }
    return first;
  };
  EXPECT_EQ(validate(tree_with_bad_signature(gi, {})), "ok");
  EXPECT_EQ(validate(tree_with_bad_signature(gi, {290, 260})), "leaf 260 has an invalid signature");
  EXPECT_EQ(validate(tree_with_bad_signature(gi, {299, 5})), "leaf 5 has an invalid signature");
  EXPECT_EQ(validate(tree_with_bad_signature(gi, {256, 255})), "leaf 255 has an invalid signature");
  EXPECT_EQ(validate(tree_with_bad_signature(gi, {256})), "leaf 256 has an invalid signature");
}

TEST(JoinValidation, ParallelValidationMatchesOneThread) {
  CertifiedGroup g;
  for (size_t i = 0; i < 28; ++i) {
    CommitOptions opts;
    opts.proposals.push_back(Proposal{Add{make_bundle(numbered("p", i)).key_package}});
    g.alice.commit(opts);  // with a path: parent nodes are filled
    g.alice.merge_pending_commit();
  }
  const GroupInfo gi = std::get<GroupInfo>(g.alice.group_info(true).message);
  const crypto::SuiteAlgorithms& su = suite_algorithms(kSuite);
  ManualClock clock;
  clock.set_wall(kStart);
  CredentialVerifier verifier({{g.ca.pem}, {}, {}}, clock);

  auto both = [&](const RatchetTree& wire, const CredentialVerifier* credentials) {
    RatchetTreeState tree = RatchetTreeState::from_wire(su, wire);
    TreeValidationOptions one{credentials, 1};
    TreeValidationOptions all{credentials, 0};
    auto serial = validate_joined_tree(tree, gi.group_context.group_id, tree.tree_hash(), one);
    std::string s = serial ? "ok" : serial.error();
    for (int round = 0; round < 5; ++round) {
      auto parallel = validate_joined_tree(tree, gi.group_context.group_id, tree.tree_hash(), all);
      EXPECT_EQ(parallel ? "ok" : parallel.error(), s);
    }
    return s;
  };

  const RatchetTree intact = tree_with_bad_signature(gi, {});
  EXPECT_EQ(both(intact, &verifier), "ok");
  EXPECT_EQ(both(tree_with_bad_signature(gi, {20, 6, 27}), &verifier),
            "leaf 6 has an invalid signature");
  clock.advance(2h);  // bob (leaf 1) has expired: it comes before leaf 6
  std::string expired = both(tree_with_bad_signature(gi, {20, 6}), &verifier);
  EXPECT_EQ(expired.rfind("leaf 1 has a rejected credential", 0), 0u) << expired;
  EXPECT_EQ(both(tree_with_bad_signature(gi, {20, 6}), nullptr), "leaf 6 has an invalid signature");
}

TEST(JoinValidation, ParallelHashCacheFillMatchesSerialHashing) {
  Meeting m(21);  // 32 leaves wide, blank leaves and parents mixed in
  m.commit(5);
  m.commit(17);
  const RatchetTreeState& tree = m.at(0).tree();
  RatchetTreeState serial = tree;
  serial.clear_hash_cache();
  const uint64_t before = serial.hash_computations();
  const Bytes root = serial.tree_hash();
  EXPECT_EQ(serial.hash_computations() - before, serial.node_count());
  for (size_t threads : {size_t{0}, size_t{1}, size_t{3}}) {
    RatchetTreeState filled = tree;
    filled.clear_hash_cache();
    const uint64_t start = filled.hash_computations();
    filled.fill_hash_cache(threads);
    EXPECT_EQ(filled.hash_computations() - start, filled.node_count()) << threads << " threads";
    for (NodeIndex x = 0; x < filled.node_count(); ++x) {
      ASSERT_EQ(filled.tree_hash(x), serial.tree_hash(x)) << "node " << x;
    }
    EXPECT_EQ(filled.tree_hash(), root);
    EXPECT_EQ(filled.hash_computations() - start, filled.node_count());  // nothing left to hash
  }
}

}  // namespace
}  // namespace zt::mls::testing
