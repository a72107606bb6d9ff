#include "zt/crypto/x509_issuer.h"

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "x509_openssl.h"

namespace zt::crypto {

using x509_detail::add_extension;
using x509_detail::check;
using x509_detail::Owned;

namespace {


struct NameDeleter {
  void operator()(X509_NAME* n) const { X509_NAME_free(n); }
};

void add_name_entry(X509_NAME* name, const char* field, std::string_view value) {
  if (value.empty()) return;
  check(X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(value.data()),
                                   static_cast<int>(value.size()), -1, 0) == 1,
        "bad certificate name");
}

void set_subject(X509* cert, std::string_view cn, std::string_view org) {
  std::unique_ptr<X509_NAME, NameDeleter> name(X509_NAME_new());
  check(name != nullptr, "out of memory");
  add_name_entry(name.get(), "O", org);
  add_name_entry(name.get(), "CN", cn);
  check(X509_set_subject_name(cert, name.get()) == 1, "cannot set subject");
}

Owned<X509> new_certificate() {
  Owned<X509> cert(X509_new());
  check(cert != nullptr && X509_set_version(cert.get(), 2) == 1, "out of memory");
  x509_detail::set_random_serial(cert.get());
  return cert;
}

void sign(X509* cert, EVP_PKEY* key) {
  // Ed25519 takes no digest; X509_sign needs NULL then.
  check(X509_sign(cert, key, nullptr) > 0, "cannot sign certificate");
}

std::string ca_constraints(int path_length) {
  std::string v = "critical,CA:TRUE";
  if (path_length >= 0) v += ",pathlen:" + std::to_string(path_length);
  return v;
}

void add_ca_extensions(X509* cert, X509* issuer, int path_length) {
  add_extension(cert, issuer, NID_basic_constraints, ca_constraints(path_length).c_str());
  add_extension(cert, issuer, NID_key_usage, "critical,keyCertSign,cRLSign");
  add_extension(cert, issuer, NID_subject_key_identifier, "hash");
  add_extension(cert, issuer, NID_authority_key_identifier, "keyid:always");
}

}  // namespace

SecretBytes generate_x509_private_key() {
  Owned<EVP_PKEY> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  check(key != nullptr, "cannot generate Ed25519 key");
  int len = i2d_PrivateKey(key.get(), nullptr);
  check(len > 0, "cannot encode private key");
  SecretBytes out(static_cast<size_t>(len));
  unsigned char* p = out.reveal_mutable().data();
  check(i2d_PrivateKey(key.get(), &p) == len, "cannot encode private key");
  return out;
}

std::string create_root_ca(const SecretBytes& key_der, const CaProfile& profile) {
  auto key = x509_detail::load_private_key(key_der);
  auto cert = new_certificate();
  set_subject(cert.get(), profile.common_name, profile.organization);
  check(X509_set_issuer_name(cert.get(), X509_get_subject_name(cert.get())) == 1, "cannot set issuer");
  x509_detail::set_validity(cert.get(), profile.not_before, profile.not_after);
  check(X509_set_pubkey(cert.get(), key.get()) == 1, "cannot set public key");
  add_ca_extensions(cert.get(), cert.get(), profile.path_length);
  sign(cert.get(), key.get());
  return x509_detail::certificate_to_pem(cert.get());
}

std::string issue_intermediate_ca(const SecretBytes& child_key_der, const CaProfile& profile,
                                  std::string_view issuer_cert_pem, const SecretBytes& issuer_key_der) {
  auto issuer = x509_detail::load_certificate(issuer_cert_pem);
  auto issuer_key = x509_detail::load_private_key(issuer_key_der);
  auto child_key = x509_detail::load_private_key(child_key_der);
  auto cert = new_certificate();
  set_subject(cert.get(), profile.common_name, profile.organization);
  check(X509_set_issuer_name(cert.get(), X509_get_subject_name(issuer.get())) == 1, "cannot set issuer");
  x509_detail::set_validity(cert.get(), profile.not_before, profile.not_after);
  check(X509_set_pubkey(cert.get(), child_key.get()) == 1, "cannot set public key");
  add_ca_extensions(cert.get(), issuer.get(), profile.path_length);
  sign(cert.get(), issuer_key.get());
  return x509_detail::certificate_to_pem(cert.get());
}

std::string issue_from_csr(std::string_view csr_pem, const LeafProfile& profile,
                           std::string_view issuer_cert_pem, const SecretBytes& issuer_key_der) {
  auto req = x509_detail::load_csr(csr_pem);
  EVP_PKEY* subject_key = X509_REQ_get0_pubkey(req.get());
  check(subject_key != nullptr, "certificate request has no public key");
  check(X509_REQ_verify(req.get(), subject_key) == 1, "certificate request signature does not verify");
  check(!profile.uri_sans.empty(), "a leaf certificate needs at least one URI name");
  auto issuer = x509_detail::load_certificate(issuer_cert_pem);
  auto issuer_key = x509_detail::load_private_key(issuer_key_der);
  auto cert = new_certificate();
  set_subject(cert.get(), profile.common_name, "");
  check(X509_set_issuer_name(cert.get(), X509_get_subject_name(issuer.get())) == 1, "cannot set issuer");
  x509_detail::set_validity(cert.get(), profile.not_before, profile.not_after);
  check(X509_set_pubkey(cert.get(), subject_key) == 1, "cannot set public key");
  std::string sans;
  for (const auto& uri : profile.uri_sans) {
    check(uri.find(',') == std::string::npos, "URI name must not contain a comma");
    sans += (sans.empty() ? "URI:" : ",URI:") + uri;
  }
  add_extension(cert.get(), issuer.get(), NID_basic_constraints, "critical,CA:FALSE");
  add_extension(cert.get(), issuer.get(), NID_key_usage, "critical,digitalSignature");
  add_extension(cert.get(), issuer.get(), NID_subject_alt_name, sans.c_str());
  add_extension(cert.get(), issuer.get(), NID_authority_key_identifier, "keyid:always");
  sign(cert.get(), issuer_key.get());
  return x509_detail::certificate_to_pem(cert.get());
}

std::string create_csr(const SecretBytes& key_der, std::string_view common_name) {
  auto key = x509_detail::load_private_key(key_der);
  Owned<X509_REQ> req(X509_REQ_new());
  check(req != nullptr, "out of memory");
  std::unique_ptr<X509_NAME, NameDeleter> name(X509_NAME_new());
  check(name != nullptr, "out of memory");
  add_name_entry(name.get(), "CN", common_name);
  check(X509_REQ_set_subject_name(req.get(), name.get()) == 1, "cannot set CSR subject");
  check(X509_REQ_set_pubkey(req.get(), key.get()) == 1, "cannot set CSR key");
  check(X509_REQ_sign(req.get(), key.get(), nullptr) > 0, "cannot sign CSR");
  Owned<BIO> bio(BIO_new(BIO_s_mem()));
  check(bio != nullptr && PEM_write_bio_X509_REQ(bio.get(), req.get()) == 1, "cannot encode CSR");
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

}  // namespace zt::crypto
