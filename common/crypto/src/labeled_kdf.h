// RFC 9180 §4 LabeledExtract / LabeledExpand ("HPKE-v1" || suite_id || label).
#pragma once

#include <string_view>

#include "zt/base/bytes.h"
#include "zt/crypto/hash.h"
#include "zt/crypto/secret_bytes.h"

namespace zt::crypto::detail {

SecretBytes labeled_extract(HashAlgorithm alg, BytesView suite_id, BytesView salt,
                            std::string_view label, BytesView ikm);
SecretBytes labeled_expand(HashAlgorithm alg, BytesView suite_id, BytesView prk,
                           std::string_view label, BytesView info, size_t length);

}  // namespace zt::crypto::detail
