// Id-to-algorithm mapping for HPKE suites (RFC 9180 §7.2, §7.3).
#pragma once

#include <optional>

#include "zt/crypto/hpke.h"

namespace zt::crypto::detail {

HashAlgorithm kdf_hash(HpkeKdf kdf);
// nullopt for the export-only AEAD.
std::optional<AeadAlgorithm> aead_algorithm(HpkeAead aead);
// "HPKE" || I2OSP(kem_id, 2) || I2OSP(kdf_id, 2) || I2OSP(aead_id, 2)
Bytes hpke_suite_id(const HpkeSuite& suite);

}  // namespace zt::crypto::detail
