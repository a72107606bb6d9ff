#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "test_members.h"
#include "zt/crypto/signature.h"
#include "zt/crypto/x509_certificate.h"
#include "zt/crypto/x509_issuer.h"
#include "zt/mls/credential_validation.h"
#include "zt/mls/leaf_node_validation.h"

namespace zt::mls::testing {
namespace {

using namespace std::chrono_literals;
using TimePoint = std::chrono::system_clock::time_point;

const TimePoint kNow{std::chrono::seconds(1'800'000'000)};  // ManualClock's start

Bytes pem_to_der(const std::string& pem) {
  std::string b64;
  std::string body = pem.substr(pem.find('\n') + 1);
  body = body.substr(0, body.find("-----END"));
  for (char c : body) {
    if (c != '\n' && c != '\r') b64 += c;
  }
  auto value = [](char c) -> uint32_t {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    return c == '+' ? 62 : 63;
  };
  Bytes out;
  for (size_t i = 0; i + 3 < b64.size(); i += 4) {
    uint32_t n = (value(b64[i]) << 18) | (value(b64[i + 1]) << 12);
    out.push_back(static_cast<uint8_t>(n >> 16));
    if (b64[i + 2] == '=') break;
    n |= value(b64[i + 2]) << 6;
    out.push_back(static_cast<uint8_t>(n >> 8));
    if (b64[i + 3] == '=') break;
    n |= value(b64[i + 3]);
    out.push_back(static_cast<uint8_t>(n));
  }
  return out;
}

// The raw Ed25519 seed inside a PKCS#8 key (the last 32 bytes).
crypto::SecretBytes seed_of(const crypto::SecretBytes& pkcs8) {
  BytesView all = pkcs8.reveal();
  return crypto::SecretBytes(all.subspan(all.size() - 32));
}

struct Ca {
  crypto::SecretBytes key = crypto::generate_x509_private_key();
  std::string pem;
  explicit Ca(const std::string& name) {
    pem = crypto::create_root_ca(key, {name, "org", kNow - 24h, kNow + 24h * 365, -1});
  }
};

struct Holder {
  crypto::SecretBytes key = crypto::generate_x509_private_key();
  std::string cert_pem;
  Bytes signature_key() const {
    return crypto::derive_signature_public_key(crypto::SignatureScheme::kEd25519, seed_of(key).reveal());
  }
  Credential credential() const { return Credential{X509Credential{{Certificate{pem_to_der(cert_pem)}}}}; }
};

Holder issue(const Ca& ca, const std::string& name, TimePoint not_after = kNow + 24h * 30) {
  Holder h;
  std::string csr = crypto::create_csr(h.key, name);
  h.cert_pem = crypto::issue_from_csr(csr, {name, {"zt:org:1:user:" + name}, kNow - 1h, not_after}, ca.pem, ca.key);
  return h;
}

class CredentialValidation : public ::testing::Test {
 protected:
  Ca internal_{"Org CA"};
  Ca external_{"Partner CA"};
  Ca unknown_{"Stranger CA"};
  ManualClock clock_;
  CredentialVerifier verifier_{{{internal_.pem}, {external_.pem}, {}}, clock_};

  CredentialFailure failure_of(const CredentialVerifier& v, const Credential& c, BytesView key) {
    try {
      v.verify(c, key);
    } catch (const CredentialError& e) {
      return e.failure();
    }
    ADD_FAILURE() << "credential accepted";
    return CredentialFailure::kMalformed;
  }
};

TEST_F(CredentialValidation, StatusFollowsTheTrustAnchor) {
  Holder alice = issue(internal_, "alice");
  auto id = verifier_.verify(alice.credential(), alice.signature_key());
  EXPECT_EQ(id.status, VerificationStatus::kVerifiedInternal);
  ASSERT_TRUE(id.certificate);
  EXPECT_NE(id.certificate->subject.find("CN=alice"), std::string::npos);
  EXPECT_NE(id.certificate->issuer.find("CN=Org CA"), std::string::npos);
  EXPECT_EQ(id.certificate->uri_sans, std::vector<std::string>{"zt:org:1:user:alice"});
  EXPECT_EQ(id.certificate->not_after, kNow + 24h * 30);

  Holder bob = issue(external_, "bob");
  EXPECT_EQ(verifier_.verify(bob.credential(), bob.signature_key()).status, VerificationStatus::kVerifiedExternal);

  Holder eve = issue(unknown_, "eve");
  EXPECT_EQ(verifier_.verify(eve.credential(), eve.signature_key()).status, VerificationStatus::kUnverified);
  Credential eve_chain = eve.credential();
  std::get<X509Credential>(eve_chain.value).certificates.push_back({pem_to_der(unknown_.pem)});
  EXPECT_EQ(verifier_.verify(eve_chain, eve.signature_key()).status, VerificationStatus::kUnverified);

  Credential basic{BasicCredential{{'c'}}};
  EXPECT_EQ(verifier_.verify(basic, {}).status, VerificationStatus::kUnverified);
  EXPECT_EQ(to_string(VerificationStatus::kVerifiedExternal), "verified_external");
}

TEST_F(CredentialValidation, InvalidCredentialsAreRejectedNotDowngraded) {
  Holder alice = issue(internal_, "alice");
  EXPECT_EQ(failure_of(verifier_, alice.credential(), Holder{}.signature_key()), CredentialFailure::kKeyMismatch);

  clock_.advance(24h * 31);  // past not_after
  EXPECT_EQ(failure_of(verifier_, alice.credential(), alice.signature_key()), CredentialFailure::kExpired);

  ManualClock now;
  std::string serial = crypto::describe_certificate(alice.cert_pem).serial_hex;
  CredentialVerifier revoking({{internal_.pem}, {external_.pem}, {serial}}, now);
  EXPECT_EQ(failure_of(revoking, alice.credential(), alice.signature_key()), CredentialFailure::kRevoked);

  CredentialVerifier fresh({{internal_.pem}, {external_.pem}, {}}, now);
  Credential forged = alice.credential();
  std::get<X509Credential>(forged.value).certificates[0].cert_data.back() ^= 1;  // signature bits
  EXPECT_EQ(failure_of(fresh, forged, alice.signature_key()), CredentialFailure::kBadSignature);

  Holder eve = issue(unknown_, "eve");
  Credential eve_forged = eve.credential();
  std::get<X509Credential>(eve_forged.value).certificates[0].cert_data.back() ^= 1;
  std::get<X509Credential>(eve_forged.value).certificates.push_back({pem_to_der(unknown_.pem)});
  EXPECT_EQ(failure_of(fresh, eve_forged, eve.signature_key()), CredentialFailure::kBadSignature);

  EXPECT_EQ(failure_of(fresh, Credential{X509Credential{}}, {}), CredentialFailure::kMalformed);
  EXPECT_EQ(failure_of(fresh, Credential{X509Credential{{Certificate{{0x30, 0x03, 1, 2, 3}}}}}, {}),
            CredentialFailure::kMalformed);
}

TEST_F(CredentialValidation, MixedMembersSeeEachOthersStatus) {
  Holder alice = issue(internal_, "alice");
  Holder bob = issue(external_, "bob");
  TestMember a = make_member_with(alice.credential(), seed_of(alice.key));
  TestMember b = make_member_with(bob.credential(), seed_of(bob.key));
  TestMember c = make_member(3);
  RatchetTreeState tree(suite1());
  tree.add_leaf(a.key_package.leaf_node);
  tree.add_leaf(b.key_package.leaf_node);
  tree.add_leaf(c.key_package.leaf_node);
  LeafNodeCheck check;
  check.credentials = &verifier_;
  check.clock = &clock_;
  const VerificationStatus want[] = {VerificationStatus::kVerifiedInternal, VerificationStatus::kVerifiedExternal,
                                     VerificationStatus::kUnverified};
  for (LeafIndex i = 0; i < 3; ++i) {
    check.leaf_index = i;  // itself is not a duplicate
    EXPECT_EQ(validate_leaf_node(tree, *tree.leaf(i), check).status, want[i]) << i;
  }
  // A member whose certificate expired cannot join.
  Holder late = issue(internal_, "late", kNow + 1h);
  TestMember d = make_member_with(late.credential(), seed_of(late.key));
  clock_.advance(2h);
  check.leaf_index.reset();
  EXPECT_THROW(validate_leaf_node(tree, d.key_package.leaf_node, check), CredentialError);
}

}  // namespace
}  // namespace zt::mls::testing
