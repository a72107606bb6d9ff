// Mixed credentials: a basic member, one certified by the org's CA and one
// by a trusted external CA see each other's verification status; a member
// whose certificate expired cannot be added.
#include <gtest/gtest.h>

#include <chrono>

#include "group_fixture.h"
#include "zt/crypto/x509_issuer.h"

namespace zt::mls::testing {
namespace {

using namespace std::chrono_literals;
const std::chrono::system_clock::time_point kNow{
    std::chrono::seconds(1'800'000'000)};  // ManualClock start

struct Ca {
  crypto::SecretBytes key = crypto::generate_x509_private_key();
  std::string pem;
  explicit Ca(const std::string& name) {
    pem = crypto::create_root_ca(key, {name, "zt", kNow - 24h, kNow + 24h * 365, -1});
  }
};

// An X.509 member: Ed25519 key (the PKCS#8 seed is its last 32 bytes).
KeyPackageBundle certified(const Ca& ca, const std::string& name,
                           std::chrono::system_clock::time_point not_after) {
  crypto::SecretBytes key = crypto::generate_x509_private_key();
  std::string csr = crypto::create_csr(key, name);
  std::string pem = crypto::issue_from_csr(
      csr, {name, {"zt:org:1:user:" + name}, kNow - 1h, not_after}, ca.pem, ca.key);
  KeyPackageParams p;
  p.cipher_suite = kSuite;
  p.credential = Credential{X509Credential{{Certificate{pem_to_der(pem)}}}};
  p.signature_private_key = crypto::SecretBytes(key.reveal().subspan(key.reveal().size() - 32));
  return create_key_package(std::move(p));
}

class GroupCredentials : public ::testing::Test {
 protected:
  Ca internal_{"Org CA"};
  Ca external_{"Partner CA"};
  ManualClock clock_;
  CredentialVerifier verifier_{{{internal_.pem}, {external_.pem}, {}}, clock_};

  GroupOptions options() {
    GroupOptions o;
    o.credentials = &verifier_;
    o.clock = &clock_;
    return o;
  }
};

TEST_F(GroupCredentials, MixedCredentialsSeeEachOthersStatus) {
  KeyPackageBundle alice = make_bundle("alice");
  KeyPackageBundle bob = certified(internal_, "bob", kNow + 24h);
  KeyPackageBundle carol = certified(external_, "carol", kNow + 24h);
  Meeting m(0, options());
  m.members.clear();
  m.members.push_back(std::make_unique<Group>(Group::create(Bytes{1}, alice, {}, options())));
  m.commit(0, {}, {bob, carol});
  m.expect_agreement();
  for (uint32_t viewer = 0; viewer < 3; ++viewer) {
    std::vector<RosterEntry> roster = m.at(viewer).roster();
    ASSERT_EQ(roster.size(), 3u);
    EXPECT_EQ(roster[0].identity.status, VerificationStatus::kUnverified);
    EXPECT_EQ(roster[0].identity.basic_identity, (Bytes{'a', 'l', 'i', 'c', 'e'}));
    EXPECT_EQ(roster[1].identity.status, VerificationStatus::kVerifiedInternal);
    ASSERT_TRUE(roster[1].identity.certificate.has_value());
    EXPECT_NE(roster[1].identity.certificate->subject.find("bob"), std::string::npos);
    EXPECT_EQ(roster[2].identity.status, VerificationStatus::kVerifiedExternal);
  }
}

TEST_F(GroupCredentials, ExpiredCertificateCannotJoin) {
  Meeting m(2, options());
  KeyPackageBundle late = certified(internal_, "late", kNow + 1h);
  clock_.advance(2h);
  const std::string before = to_hex(m.at(0).epoch_authenticator());
  CommitOptions opts;
  opts.proposals.push_back(Proposal{Add{late.key_package}});
  try {
    m.at(0).commit(opts);
    ADD_FAILURE() << "expired member added";
  } catch (const CredentialError& e) {
    EXPECT_EQ(e.failure(), CredentialFailure::kExpired);
  }
  EXPECT_FALSE(m.at(0).has_pending_commit());
  // Nor through a proposal another member commits: the receiver refuses too.
  MlsMessage p = m.at(1).propose_add(late.key_package);
  m.at(0).handle(p);
  EXPECT_THROW(m.at(0).commit(), CredentialError);
  EXPECT_EQ(to_hex(m.at(0).epoch_authenticator()), before);
}

}  // namespace
}  // namespace zt::mls::testing
