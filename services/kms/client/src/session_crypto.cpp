#include "zt/kms/session_crypto.h"

#include <openssl/crypto.h>

#include <stdexcept>

#include "zt/auth/base64url.h"
#include "zt/base/big_endian.h"
#include "zt/crypto/hash.h"

namespace zt::kms {
namespace {

constexpr auto kAead = crypto::AeadAlgorithm::kAes256Gcm;
constexpr size_t kKeySize = 32;
constexpr size_t kNonceSize = 12;

void append(Bytes& out, std::string_view s) {
  for (char c : s) out.push_back(static_cast<uint8_t>(c));
}

void append_u64(Bytes& out, uint64_t v) {
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

std::string_view label(Direction d) {
  return d == Direction::kClientToKms ? "zt-kms c2s" : "zt-kms s2c";
}

crypto::SecretBytes exported(const crypto::HpkeContext& hpke, Direction d, BytesView session_id) {
  Bytes context;
  append(context, label(d));
  context.insert(context.end(), session_id.begin(), session_id.end());
  return hpke.export_secret(context, kKeySize + kNonceSize);
}

}  // namespace

std::string session_key_id(BytesView hpke_public_key) {
  Bytes digest = crypto::hash(crypto::HashAlgorithm::kSha256, hpke_public_key);
  return to_hex(BytesView(digest).subspan(0, 16));
}

Bytes session_key_statement(std::string_view domain, std::string_view key_id,
                            BytesView hpke_public_key, int64_t not_after_unix) {
  Bytes out;
  append(out, "zt-kms session key v1");
  out.push_back(0);
  append(out, domain);
  out.push_back(0);
  append(out, key_id);
  out.push_back(0);
  out.insert(out.end(), hpke_public_key.begin(), hpke_public_key.end());
  append_u64(out, static_cast<uint64_t>(not_after_unix));
  return out;
}

std::string kms_certificate_uri(std::string_view domain) {
  return "zt:kms:" + std::string(domain);
}

Bytes sealed_aad(Direction direction, BytesView session_id, uint64_t sequence) {
  Bytes out;
  append(out, label(direction));
  out.insert(out.end(), session_id.begin(), session_id.end());
  append_u64(out, sequence);
  return out;
}

SealingKey::SealingKey(const crypto::HpkeContext& hpke, Direction direction, BytesView session_id)
    : SealingKey(direction, session_id, exported(hpke, direction, session_id)) {}

SealingKey::SealingKey(Direction direction, BytesView session_id, const crypto::SecretBytes& both)
    : direction_(direction),
      session_id_(session_id.begin(), session_id.end()),
      aead_(kAead, both.reveal().subspan(0, kKeySize)) {
  auto nonce = both.reveal().subspan(kKeySize, kNonceSize);
  base_nonce_.assign(nonce.begin(), nonce.end());
}

Bytes SealingKey::nonce(uint64_t sequence) const {
  Bytes n = base_nonce_;
  for (int i = 0; i < 8; ++i) n[kNonceSize - 1 - i] ^= static_cast<uint8_t>(sequence >> (8 * i));
  return n;
}

Bytes SealingKey::seal(uint64_t sequence, BytesView plaintext) {
  Bytes out(plaintext.size() + aead_.tag_size());
  auto n = aead_.seal(nonce(sequence), sealed_aad(direction_, session_id_, sequence), plaintext,
                      out);
  if (!n) throw n.error();
  out.resize(*n);
  return out;
}

std::optional<crypto::SecretBytes> SealingKey::open(uint64_t sequence, BytesView ciphertext) {
  if (ciphertext.size() < aead_.tag_size()) return std::nullopt;
  crypto::SecretBytes out(ciphertext.size() - aead_.tag_size());
  auto n = aead_.open(nonce(sequence), sealed_aad(direction_, session_id_, sequence), ciphertext,
                      out.reveal_mutable());
  if (!n) return std::nullopt;
  return out;
}

crypto::SecretBytes ed25519_pkcs8(const crypto::SecretBytes& seed) {
  if (seed.size() != 32) throw std::invalid_argument("an Ed25519 seed is 32 bytes");
  // PrivateKeyInfo { version 0, AlgorithmIdentifier { id-Ed25519 1.3.101.112 },
  // OCTET STRING { CurvePrivateKey OCTET STRING (32) } } (RFC 8410 section 7).
  Bytes der = from_hex("302e020100300506032b657004220420");
  der.insert(der.end(), seed.reveal().begin(), seed.reveal().end());
  crypto::SecretBytes out(der);
  OPENSSL_cleanse(der.data(), der.size());
  return out;
}

Bytes certificate_der(std::string_view pem) {
  constexpr std::string_view kBegin = "-----BEGIN CERTIFICATE-----";
  constexpr std::string_view kEnd = "-----END CERTIFICATE-----";
  size_t b = pem.find(kBegin);
  size_t e = b == std::string_view::npos ? b : pem.find(kEnd, b);
  if (e == std::string_view::npos) throw std::invalid_argument("no PEM certificate");
  std::string text;
  for (char c : pem.substr(b + kBegin.size(), e - b - kBegin.size())) {
    if (c == '+') text.push_back('-');
    else if (c == '/') text.push_back('_');
    else if (c != '=' && c != '\n' && c != '\r' && c != ' ') text.push_back(c);
  }
  auto der = auth::base64url_decode(text);
  if (!der) throw std::invalid_argument("the PEM certificate is not base64");
  return *der;
}

}  // namespace zt::kms
