#include "zt/crypto/hpke.h"

#include "hpke_suite.h"
#include "labeled_kdf.h"

namespace zt::crypto {
namespace detail {

HashAlgorithm kdf_hash(HpkeKdf kdf) {
  switch (kdf) {
    case HpkeKdf::kHkdfSha256:
      return HashAlgorithm::kSha256;
    case HpkeKdf::kHkdfSha384:
      return HashAlgorithm::kSha384;
    case HpkeKdf::kHkdfSha512:
      return HashAlgorithm::kSha512;
  }
  throw CryptoError(CryptoErrorCode::kUnsupported, "unknown HPKE KDF");
}

std::optional<AeadAlgorithm> aead_algorithm(HpkeAead aead) {
  switch (aead) {
    case HpkeAead::kAes128Gcm:
      return AeadAlgorithm::kAes128Gcm;
    case HpkeAead::kAes256Gcm:
      return AeadAlgorithm::kAes256Gcm;
    case HpkeAead::kChaCha20Poly1305:
      return AeadAlgorithm::kChaCha20Poly1305;
    case HpkeAead::kExportOnly:
      return std::nullopt;
  }
  throw CryptoError(CryptoErrorCode::kUnsupported, "unknown HPKE AEAD");
}

Bytes hpke_suite_id(const HpkeSuite& suite) {
  Bytes id = {'H', 'P', 'K', 'E'};
  for (uint16_t v : {static_cast<uint16_t>(suite.kem), static_cast<uint16_t>(suite.kdf),
                     static_cast<uint16_t>(suite.aead)}) {
    id.push_back(static_cast<uint8_t>(v >> 8));
    id.push_back(static_cast<uint8_t>(v));
  }
  return id;
}

}  // namespace detail

namespace {

bool is_psk_mode(HpkeMode mode) { return mode == HpkeMode::kPsk || mode == HpkeMode::kAuthPsk; }
bool is_auth_mode(HpkeMode mode) { return mode == HpkeMode::kAuth || mode == HpkeMode::kAuthPsk; }

// VerifyPSKInputs (RFC 9180 §5.1) plus the auth key's presence.
void verify_setup(const HpkeSetup& setup) {
  if (setup.psk.empty() != setup.psk_id.empty()) {
    throw CryptoError(CryptoErrorCode::kInvalidInput, "inconsistent PSK inputs");
  }
  if (setup.psk.empty() == is_psk_mode(setup.mode)) {
    throw CryptoError(CryptoErrorCode::kInvalidInput, "PSK input does not match the HPKE mode");
  }
  if (setup.auth_key.empty() == is_auth_mode(setup.mode)) {
    throw CryptoError(CryptoErrorCode::kInvalidInput, "auth key does not match the HPKE mode");
  }
}

}  // namespace

Hpke::Hpke(HpkeSuite suite) : suite_(suite), kem_(suite.kem) {
  detail::kdf_hash(suite.kdf);
  detail::aead_algorithm(suite.aead);
}

HpkeKeySchedule Hpke::key_schedule(const HpkeSetup& setup, BytesView shared_secret) const {
  verify_setup(setup);
  const HashAlgorithm hash = detail::kdf_hash(suite_.kdf);
  const Bytes sid = detail::hpke_suite_id(suite_);
  const SecretBytes psk_id_hash =
      detail::labeled_extract(hash, sid, {}, "psk_id_hash", setup.psk_id);
  const SecretBytes info_hash = detail::labeled_extract(hash, sid, {}, "info_hash", setup.info);
  Bytes context = {static_cast<uint8_t>(setup.mode)};
  context = concat(context, psk_id_hash.reveal());
  context = concat(context, info_hash.reveal());
  const SecretBytes secret = detail::labeled_extract(hash, sid, shared_secret, "secret", setup.psk);

  HpkeKeySchedule out;
  if (auto aead = detail::aead_algorithm(suite_.aead)) {
    out.key =
        detail::labeled_expand(hash, sid, secret.reveal(), "key", context, aead_key_size(*aead));
    const SecretBytes nonce = detail::labeled_expand(hash, sid, secret.reveal(), "base_nonce",
                                                     context, aead_nonce_size(*aead));
    out.base_nonce.assign(nonce.reveal().begin(), nonce.reveal().end());
  }
  out.exporter_secret =
      detail::labeled_expand(hash, sid, secret.reveal(), "exp", context, digest_size(hash));
  return out;
}

HpkeSender Hpke::setup_sender(BytesView public_key_r, const HpkeSetup& setup,
                              RandomSource& random) const {
  verify_setup(setup);
  EncapResult encap = is_auth_mode(setup.mode)
                          ? kem_.auth_encap(public_key_r, setup.auth_key, random)
                          : kem_.encap(public_key_r, random);
  HpkeSenderContext context(suite_, key_schedule(setup, encap.shared_secret.reveal()));
  return {std::move(encap.enc), std::move(context)};
}

HpkeReceiverContext Hpke::setup_receiver(BytesView enc, BytesView private_key_r,
                                         const HpkeSetup& setup) const {
  verify_setup(setup);
  const SecretBytes shared = is_auth_mode(setup.mode)
                                 ? kem_.auth_decap(enc, private_key_r, setup.auth_key)
                                 : kem_.decap(enc, private_key_r);
  return HpkeReceiverContext(suite_, key_schedule(setup, shared.reveal()));
}

HpkeSealed Hpke::seal(BytesView public_key_r, const HpkeSetup& setup, BytesView aad,
                      BytesView plaintext, RandomSource& random) const {
  HpkeSender sender = setup_sender(public_key_r, setup, random);
  Bytes ct = sender.context.seal(aad, plaintext);
  return {std::move(sender.enc), std::move(ct)};
}

namespace {
// Single-shot open: a receiver context for `enc`, then `open` on it; a
// malformed enc or key is an error value like a failed open.
template <class Out, class Open>
Expected<Out, CryptoError> open_once(const Hpke& hpke, BytesView enc, BytesView private_key_r,
                                     const HpkeSetup& setup, Open open) {
  try {
    HpkeReceiverContext receiver = hpke.setup_receiver(enc, private_key_r, setup);
    return open(receiver);
  } catch (const CryptoError& e) {
    return unexpected(e);
  }
}
}  // namespace

Expected<Bytes, CryptoError> Hpke::open(BytesView enc, BytesView private_key_r,
                                        const HpkeSetup& setup, BytesView aad,
                                        BytesView ciphertext) const {
  return open_once<Bytes>(*this, enc, private_key_r, setup,
                          [&](HpkeReceiverContext& r) { return r.open(aad, ciphertext); });
}

Expected<SecretBytes, CryptoError> Hpke::open_secret(BytesView enc, BytesView private_key_r,
                                                     const HpkeSetup& setup, BytesView aad,
                                                     BytesView ciphertext) const {
  return open_once<SecretBytes>(*this, enc, private_key_r, setup, [&](HpkeReceiverContext& r) {
    return r.open_secret(aad, ciphertext);
  });
}

}  // namespace zt::crypto
