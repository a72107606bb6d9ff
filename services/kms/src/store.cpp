#include "store.h"

#include <algorithm>

#include "domain_error.h"

namespace zt::kms {

const char* mode_name(Mode mode) { return mode == Mode::kZeroTrust ? "zero_trust" : "standard"; }

std::optional<Mode> parse_mode(const std::string& name) {
  if (name == "standard") return Mode::kStandard;
  if (name == "zero_trust") return Mode::kZeroTrust;
  return std::nullopt;
}

bool ResourceRecord::authorizes(const std::string& principal) const {
  return principal == owner ||
         std::find(principals.begin(), principals.end(), principal) != principals.end();
}

void check_bindable(const std::optional<KeyRecord>& key, const std::string& caller,
                    int64_t now_us) {
  if (!key || key->creator != caller) {
    throw DomainError::permission_denied(
        "a key to bind must be one of the caller's own unbound keys");
  }
  if (!key->resource_id.empty()) {
    throw DomainError::failed_precondition(
        "the key is already bound to a resource; a key binds once");
  }
  if (key->expires_us <= now_us) {
    throw DomainError::failed_precondition(
        "the key expired unbound and can no longer be bound; create a new one");
  }
}

}  // namespace zt::kms
