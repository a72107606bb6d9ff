// KMS URIs: kms://<domain>/keys/<uuid> and kms://<domain>/resources/<uuid>.
// Parsing checks the scheme, this KMS's domain, the kind and a lower-case
// canonical UUID; anything else is DomainError::invalid_argument naming the field.
#pragma once

#include <string>
#include <string_view>

#include "zt/crypto/random.h"

namespace zt::kms {

enum class UriKind { kKey, kResource };

class UriCodec {
 public:
  explicit UriCodec(std::string domain);

  const std::string& domain() const { return domain_; }
  std::string format(UriKind kind, const std::string& id) const;
  // The UUID of a URI of `kind`; throws DomainError (kInvalidArgument, `field`).
  std::string parse(UriKind kind, std::string_view uri, const char* field) const;

 private:
  std::string domain_;
};

// A random (version 4) UUID in canonical lower-case form.
std::string random_uuid(crypto::RandomSource& random);
bool is_canonical_uuid(std::string_view s);

}  // namespace zt::kms
