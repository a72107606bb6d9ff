#include <limits>

#include "hpke_suite.h"
#include "labeled_kdf.h"
#include "zt/crypto/hpke.h"

namespace zt::crypto {
namespace {
MutableBytesView writable(Bytes& b) { return b; }
MutableBytesView writable(SecretBytes& b) { return b.reveal_mutable(); }
}  // namespace

HpkeContext::HpkeContext(HpkeSuite suite, HpkeKeySchedule schedule)
    : suite_(suite), schedule_(std::move(schedule)) {
  if (auto alg = detail::aead_algorithm(suite.aead)) aead_.emplace(*alg, schedule_.key.reveal());
}

SecretBytes HpkeContext::export_secret(BytesView exporter_context, size_t length) const {
  const HashAlgorithm hash = detail::kdf_hash(suite_.kdf);
  if (length > 255 * digest_size(hash))
    throw CryptoError(CryptoErrorCode::kInvalidInput, "export length too large");
  return detail::labeled_expand(hash, detail::hpke_suite_id(suite_),
                                schedule_.exporter_secret.reveal(), "sec", exporter_context,
                                length);
}

Expected<void, CryptoError> HpkeContext::next_nonce(MutableBytesView nonce) const {
  // Nn = 12 bytes, so the RFC's limit 2^96 - 1 is out of reach of a 64-bit
  // counter; stop one short of wrapping it instead.
  if (seq_ == std::numeric_limits<uint64_t>::max()) {
    return unexpected(
        CryptoError(CryptoErrorCode::kMessageLimitReached, "HPKE sequence number exhausted"));
  }
  const BytesView base = schedule_.base_nonce;
  std::copy(base.begin(), base.end(), nonce.begin());
  for (size_t i = 0; i < 8; ++i)
    nonce[nonce.size() - 1 - i] ^= static_cast<uint8_t>(seq_ >> (8 * i));
  return {};
}

Bytes HpkeSenderContext::seal(BytesView aad, BytesView plaintext) {
  if (!aead_)
    throw CryptoError(CryptoErrorCode::kUnsupported, "export-only HPKE context cannot seal");
  uint8_t nonce[12];
  if (auto ok = next_nonce(nonce); !ok) throw ok.error();
  Bytes out(plaintext.size() + aead_->tag_size());
  auto n = aead_->seal(nonce, aad, plaintext, out);
  if (!n) throw n.error();
  increment_seq();
  return out;
}

template <class Out>
Expected<Out, CryptoError> HpkeReceiverContext::open_as(BytesView aad, BytesView ciphertext) {
  if (!aead_)
    return unexpected(
        CryptoError(CryptoErrorCode::kUnsupported, "export-only HPKE context cannot open"));
  uint8_t nonce[12];
  if (auto ok = next_nonce(nonce); !ok) return unexpected(ok.error());
  const size_t tag = aead_->tag_size();
  Out out(ciphertext.size() >= tag ? ciphertext.size() - tag : 0);
  auto n = aead_->open(nonce, aad, ciphertext, writable(out));
  if (!n) return unexpected(n.error());
  increment_seq();
  return out;
}

Expected<Bytes, CryptoError> HpkeReceiverContext::open(BytesView aad, BytesView ciphertext) {
  return open_as<Bytes>(aad, ciphertext);
}

Expected<SecretBytes, CryptoError> HpkeReceiverContext::open_secret(BytesView aad,
                                                                    BytesView ciphertext) {
  return open_as<SecretBytes>(aad, ciphertext);
}

}  // namespace zt::crypto
