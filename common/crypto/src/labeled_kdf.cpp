#include "labeled_kdf.h"

#include "zt/crypto/error.h"
#include "zt/crypto/hkdf.h"

namespace zt::crypto::detail {
namespace {

constexpr std::string_view kHpkeVersion = "HPKE-v1";

// Builds prefix || "HPKE-v1" || suite_id || label || tail in a wiped buffer
// (the tail may be secret key material).
SecretBytes labeled(BytesView prefix, BytesView suite_id, std::string_view label, BytesView tail) {
  SecretBytes out(prefix.size() + kHpkeVersion.size() + suite_id.size() + label.size() +
                  tail.size());
  uint8_t* p = out.reveal_mutable().data();
  for (BytesView part : {prefix, as_bytes(kHpkeVersion), suite_id, as_bytes(label), tail}) {
    if (!part.empty()) std::copy(part.begin(), part.end(), p);
    p += part.size();
  }
  return out;
}

}  // namespace

SecretBytes labeled_extract(HashAlgorithm alg, BytesView suite_id, BytesView salt,
                            std::string_view label, BytesView ikm) {
  return hkdf_extract(alg, salt, labeled({}, suite_id, label, ikm).reveal());
}

SecretBytes labeled_expand(HashAlgorithm alg, BytesView suite_id, BytesView prk,
                           std::string_view label, BytesView info, size_t length) {
  if (length > 0xFFFF)
    throw CryptoError(CryptoErrorCode::kInvalidInput, "labeled expand length too large");
  const uint8_t l[2] = {static_cast<uint8_t>(length >> 8), static_cast<uint8_t>(length)};
  return hkdf_expand(alg, prk, labeled(l, suite_id, label, info).reveal(), length);
}

}  // namespace zt::crypto::detail
