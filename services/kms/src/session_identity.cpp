#include "session_identity.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "zt/crypto/hkdf.h"
#include "zt/crypto/signature.h"
#include "zt/crypto/x509_certificate.h"
#include "zt/crypto/x509_issuer.h"
#include "zt/kms/session_crypto.h"

namespace zt::kms {
namespace {

constexpr std::string_view kHpkeKeyLabel = "zt-kms hpke static key v1";

BytesView view(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  if (!in) throw std::runtime_error("cannot read " + path);
  return ss.str();
}

void write_new_file(const std::string& path, std::string_view contents, mode_t mode) {
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) throw std::runtime_error("cannot create " + tmp);
  bool ok = ::write(fd, contents.data(), contents.size()) ==
                static_cast<ssize_t>(contents.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (ok) ok = ::rename(tmp.c_str(), path.c_str()) == 0;
  if (!ok) {
    ::unlink(tmp.c_str());
    throw std::runtime_error("cannot write " + path);
  }
}

int hex_digit(uint8_t c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

crypto::SecretBytes parse_seed(const crypto::SecretBytes& file) {
  BytesView hex = file.reveal();
  while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r' || hex.back() == ' '))
    hex = hex.subspan(0, hex.size() - 1);
  crypto::SecretBytes seed(32);
  bool ok = hex.size() == 64;
  for (size_t i = 0; ok && i < 32; ++i) {
    int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);
    ok = hi >= 0 && lo >= 0;
    if (ok) seed.reveal_mutable()[i] = static_cast<uint8_t>(hi * 16 + lo);
  }
  if (!ok) throw std::invalid_argument("kms.identity_key_file: expected 64 hex digits (an Ed25519 seed)");
  return seed;
}

}  // namespace

SessionIdentity::SessionIdentity(const crypto::SecretBytes& seed,
                                 const std::string& certificate_pem, const std::string& domain)
    : hpke_(kSessionSuite) {
  auto certs = crypto::split_pem_certificates(certificate_pem);
  crypto::SigningKey signer = crypto::SigningKey::from_raw(crypto::SignatureScheme::kEd25519,
                                                           seed.reveal());
  if (crypto::certificate_public_key(certificate_der(certs.front())) != signer.public_key())
    throw std::invalid_argument("kms.certificate_file: the certificate is not for the identity key");
  auto details = crypto::describe_certificate(certs.front());
  const std::string uri = kms_certificate_uri(domain);
  if (std::find(details.uri_sans.begin(), details.uri_sans.end(), uri) == details.uri_sans.end())
    throw std::invalid_argument("kms.certificate_file: the certificate does not name " + uri);
  crypto::SecretBytes ikm =
      crypto::hkdf_expand(crypto::HashAlgorithm::kSha256, seed.reveal(), view(kHpkeKeyLabel), 32);
  crypto::KemKeyPair pair = hpke_.kem().derive_key_pair(ikm.reveal());
  hpke_private_ = std::move(pair.private_key);
  const int64_t not_after = std::chrono::system_clock::to_time_t(details.not_after);
  published_.set_key_id(session_key_id(pair.public_key));
  published_.set_hpke_public_key(std::string(pair.public_key.begin(), pair.public_key.end()));
  published_.set_not_after_unix(not_after);
  Bytes sig = signer.sign(session_key_statement(domain, published_.key_id(), pair.public_key,
                                                not_after));
  published_.set_signature(std::string(sig.begin(), sig.end()));
  published_.set_certificate_pem(certificate_pem);
  published_.set_domain(domain);
}

crypto::HpkeReceiverContext SessionIdentity::receive(BytesView enc) const {
  crypto::HpkeSetup setup;
  setup.info = view(kSessionInfo);
  return hpke_.setup_receiver(enc, hpke_private_.reveal(), setup);
}

std::string issue_kms_certificate(const crypto::SecretBytes& seed, const std::string& domain,
                                  const std::string& ca_cert_pem, const crypto::SecretBytes& ca_key,
                                  std::chrono::system_clock::time_point not_after) {
  crypto::SecretBytes key = ed25519_pkcs8(seed);
  crypto::LeafProfile profile;
  profile.common_name = "zt-kms " + domain;
  profile.uri_sans = {kms_certificate_uri(domain)};
  profile.not_before = std::chrono::system_clock::now() - std::chrono::minutes(5);
  profile.not_after = not_after;
  return crypto::issue_from_csr(crypto::create_csr(key, profile.common_name), profile, ca_cert_pem,
                                ca_key);
}

SessionIdentityFiles load_or_create_session_identity(const crypto::SecretBytes& key_hex,
                                                     const std::string& certificate_path,
                                                     const std::string& state_dir,
                                                     const std::string& domain) {
  if (key_hex.empty() != certificate_path.empty()) {
    throw std::invalid_argument(
        "kms.identity_key_file and kms.certificate_file go together: set both or neither");
  }
  if (!key_hex.empty()) return {parse_seed(key_hex), read_file(certificate_path)};
  std::filesystem::create_directories(state_dir);
  const std::string key_path = state_dir + "/kms-identity.key";
  const std::string cert_path = state_dir + "/kms-certificate.pem";
  if (std::filesystem::exists(key_path) && std::filesystem::exists(cert_path)) {
    std::string hex = read_file(key_path);
    crypto::SecretBytes file(BytesView(reinterpret_cast<const uint8_t*>(hex.data()), hex.size()));
    OPENSSL_cleanse(hex.data(), hex.size());
    return {parse_seed(file), read_file(cert_path)};
  }
  crypto::SecretBytes seed(32);
  crypto::SystemRandom::instance().fill(seed.reveal_mutable());
  const auto now = std::chrono::system_clock::now();
  const auto until = now + std::chrono::hours(24 * 3650);
  crypto::SecretBytes root_key = crypto::generate_x509_private_key();
  std::string root = crypto::create_root_ca(
      root_key, {"zt-kms local CA " + domain, "", now - std::chrono::hours(1), until, 0});
  std::string pem = issue_kms_certificate(seed, domain, root, root_key, until) + root;
  std::string hex = to_hex(seed.reveal()) + "\n";
  write_new_file(key_path, hex, 0600);
  OPENSSL_cleanse(hex.data(), hex.size());
  write_new_file(cert_path, pem, 0644);
  return {std::move(seed), pem};
}

}  // namespace zt::kms
