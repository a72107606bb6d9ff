// When two credentials name the same member (RFC 9420 sections 11.2,
// 11.3 and 12.2 leave this to the application): basic credentials by
// identity; X.509 by the end-entity certificate's subject and URI SANs, so
// that a renewed certificate (new key, new serial) still matches.
#include <exception>

#include "group_internal.h"
#include "zt/crypto/x509_certificate.h"

namespace zt::mls {
namespace {

struct X509Name {
  std::string subject;
  std::vector<std::string> uri_sans;
  bool operator==(const X509Name&) const = default;
};

std::optional<X509Name> x509_name(const X509Credential& c) {
  if (c.certificates.empty()) return std::nullopt;
  try {
    crypto::CertificateDetails d =
        crypto::describe_certificate(certificate_pem(c.certificates.front().cert_data));
    return X509Name{std::move(d.subject), std::move(d.uri_sans)};
  } catch (const std::exception&) {
    return std::nullopt;  // not a certificate: matches nothing
  }
}

}  // namespace

bool same_member(const Credential& a, const Credential& b) {
  if (a.type() != b.type()) return false;
  if (const auto* basic = std::get_if<BasicCredential>(&a.value)) {
    return basic->identity == std::get<BasicCredential>(b.value).identity;
  }
  const auto& xa = std::get<X509Credential>(a.value);
  const auto& xb = std::get<X509Credential>(b.value);
  if (!xa.certificates.empty() && !xb.certificates.empty() &&
      xa.certificates.front() == xb.certificates.front()) {
    return true;
  }
  auto na = x509_name(xa);
  auto nb = x509_name(xb);
  return na && nb && *na == *nb;
}

bool has_member(const RatchetTreeState& tree, const Credential& c) {
  for (LeafIndex i = 0; i < tree.leaf_count(); ++i) {
    const LeafNode* leaf = tree.leaf(i);
    if (leaf != nullptr && same_member(leaf->credential, c)) return true;
  }
  return false;
}

}  // namespace zt::mls
