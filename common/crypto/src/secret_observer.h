// Test-only hook: called with each SecretBytes buffer after it is wiped and
// before it is freed, so a test can prove the wipe happened.
#pragma once

#include <cstddef>

namespace zt::crypto::detail {

using FreedSecretObserver = void (*)(const void* p, size_t n);
void set_freed_secret_observer(FreedSecretObserver observer);

}  // namespace zt::crypto::detail
