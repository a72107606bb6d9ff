// A plain SFrame context (RFC 9605 §4.4 and Appendix "Example API"): keys are
// added by KID, each for encryption or decryption only. protect/unprotect
// reuse the per-KID cipher contexts and write into caller buffers.
// Not thread-safe.
#pragma once

#include <cstdint>
#include <unordered_map>

#include "zt/base/bytes.h"
#include "zt/base/expected.h"
#include "zt/sframe/cipher_suite.h"
#include "zt/sframe/error.h"
#include "zt/sframe/key_context.h"

namespace zt::sframe {

class Context {
 public:
  explicit Context(CipherSuite suite) : suite_(suite) {}

  // Replaces any key already held for `kid`.
  Expected<void, SFrameError> add_key(uint64_t kid, BytesView base_key, KeyUsage usage);
  void remove_key(uint64_t kid) {
    last_ = nullptr;
    keys_.erase(kid);
  }

  // Direct access, e.g. to resume an encrypt counter; nullptr if absent.
  KeyContext* key(uint64_t kid);

  Expected<size_t, SFrameError> protect(uint64_t kid, BytesView plaintext, BytesView metadata,
                                        MutableBytesView out);
  Expected<size_t, SFrameError> unprotect(BytesView frame, BytesView metadata,
                                          MutableBytesView out);

 private:
  CipherSuite suite_;
  std::unordered_map<uint64_t, KeyContext> keys_;
  KeyContext* last_ = nullptr;  // last key used: media streams repeat one KID
};

}  // namespace zt::sframe
