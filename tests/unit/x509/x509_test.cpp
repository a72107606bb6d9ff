#include <gtest/gtest.h>

#include "zt/crypto/x509_certificate.h"
#include "zt/crypto/x509_chain.h"
#include "zt/crypto/x509_issuer.h"

namespace zt::crypto {
namespace {

using namespace std::chrono_literals;
using Time = std::chrono::system_clock::time_point;

const Time kNow = Time(std::chrono::seconds(1'800'000'000));

struct Pki {
  SecretBytes root_key = generate_x509_private_key();
  SecretBytes org_key = generate_x509_private_key();
  std::string root_pem;
  std::string org_pem;
  Pki(std::string org_name) {
    root_pem = create_root_ca(root_key, {"zt root", "zt", kNow - 1h, kNow + 24h * 3650, 1});
    org_pem = issue_intermediate_ca(org_key, {"org CA " + org_name, org_name, kNow - 1h, kNow + 24h * 365, 0},
                                    root_pem, root_key);
  }
  LeafProfile leaf() const {
    return {"device d1", {"zt:org:o1:user:u1", "zt:org:o1:device:d1"}, kNow - 1min, kNow + 24h};
  }
};

TEST(X509Test, LeafFromCsrChainsToOrgCaAndCarriesNames) {
  Pki pki("o1");
  SecretBytes device_key = generate_x509_private_key();
  std::string csr = create_csr(device_key, "ignored");
  std::string leaf = issue_from_csr(csr, pki.leaf(), pki.org_pem, pki.org_key);

  auto ok = verify_certificate_chain(leaf, {{pki.org_pem}, {pki.root_pem}, kNow});
  EXPECT_TRUE(ok.has_value()) << (ok ? "" : ok.error());

  auto d = describe_certificate(leaf);
  EXPECT_EQ(d.uri_sans, (std::vector<std::string>{"zt:org:o1:user:u1", "zt:org:o1:device:d1"}));
  EXPECT_TRUE(d.digital_signature);
  EXPECT_FALSE(d.key_cert_sign);
  EXPECT_FALSE(d.is_ca);
  EXPECT_EQ(d.subject, "CN=device d1");
  EXPECT_EQ(d.issuer, "CN=org CA o1,O=o1");  // RFC 2253: most specific first
  EXPECT_EQ(d.not_after - d.not_before, 24h + 1min);
}

TEST(X509Test, ChainFailsAgainstAnotherRootOrAfterExpiry) {
  Pki a("o1");
  Pki b("o2");
  std::string leaf = issue_from_csr(create_csr(generate_x509_private_key(), "x"), a.leaf(), a.org_pem, a.org_key);
  EXPECT_FALSE(verify_certificate_chain(leaf, {{a.org_pem}, {b.root_pem}, kNow}).has_value());
  EXPECT_FALSE(verify_certificate_chain(leaf, {{b.org_pem}, {a.root_pem}, kNow}).has_value());
  EXPECT_FALSE(verify_certificate_chain(leaf, {{a.org_pem}, {a.root_pem}, kNow + 48h}).has_value());
  EXPECT_FALSE(verify_certificate_chain("junk", {{a.org_pem}, {a.root_pem}, kNow}).has_value());
}

TEST(X509Test, CaDetails) {
  Pki pki("o1");
  auto root = describe_certificate(pki.root_pem);
  EXPECT_TRUE(root.is_ca);
  EXPECT_TRUE(root.key_cert_sign);
  EXPECT_EQ(root.subject, root.issuer);
  auto org = describe_certificate(pki.org_pem);
  EXPECT_TRUE(org.is_ca);
  EXPECT_EQ(org.issuer, root.subject);
}

TEST(X509Test, BadCsrIsRefused) {
  Pki pki("o1");
  EXPECT_THROW(issue_from_csr("not a csr", pki.leaf(), pki.org_pem, pki.org_key), X509Error);
  std::string csr = create_csr(generate_x509_private_key(), "x");
  // Flip one base64 character inside the signature area.
  std::string broken = csr;
  size_t pos = broken.rfind("-----END") - 10;
  broken[pos] = broken[pos] == 'A' ? 'B' : 'A';
  EXPECT_THROW(issue_from_csr(broken, pki.leaf(), pki.org_pem, pki.org_key), X509Error);
}

TEST(X509Test, SplitPemBundle) {
  Pki pki("o1");
  auto parts = split_pem_certificates(pki.org_pem + "\n" + pki.root_pem);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[1], pki.root_pem);
  EXPECT_THROW(split_pem_certificates("hello"), X509Error);
  EXPECT_THROW(describe_certificate(pki.org_pem + pki.root_pem), X509Error);
}

}  // namespace
}  // namespace zt::crypto
