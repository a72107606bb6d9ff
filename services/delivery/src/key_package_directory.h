// The KeyPackage directory (issue 14 point 2): a device uploads batches of
// KeyPackages per cipher suite (each batch holding exactly one last-resort
// package); other devices of its org claim them, one use each, to add it
// to a group. Each package is validated before it is stored: version and
// suite, the KeyPackage and leaf signatures, the lifetime, the leaf rules
// of RFC 9420 section 7.3, and the credential naming the uploading device.
#pragma once

#include <cstdint>
#include <vector>

#include "authenticator.h"
#include "delivery_metrics.h"
#include "store.h"
#include "zt/base/clock.h"

namespace zt::delivery {

inline constexpr std::size_t kMaxKeyPackagesPerUpload = 256;
inline constexpr std::size_t kMaxKeyPackageBytes = 64 * 1024;

struct UploadResult {
  std::vector<Bytes> refs;
  KeyPackageCount count;
};

class KeyPackageDirectory {
 public:
  KeyPackageDirectory(Store& store, const Clock& clock, DeliveryMetrics* metrics)
      : store_(store), clock_(clock), metrics_(metrics) {}

  // Throws DeliveryError(kInvalidArgument) naming the package index and
  // the failure; nothing of the batch is stored then.
  UploadResult upload(const Caller& caller, uint32_t cipher_suite,
                      const std::vector<Bytes>& key_packages);
  // Throws kNotFound when the device has nothing left for that suite.
  ClaimedKeyPackage claim(const Caller& caller, const std::string& device_id,
                          uint32_t cipher_suite);
  KeyPackageCount count(const Caller& caller, uint32_t cipher_suite);

 private:
  StoredKeyPackage validate(const Caller& caller, uint16_t suite, const Bytes& encoded,
                            std::size_t index) const;
  void report_left(const KeyPackageOwner& owner, const KeyPackageCount& count);
  int64_t now() const;

  Store& store_;
  const Clock& clock_;
  DeliveryMetrics* metrics_;  // may be null
};

// The suite id if it is one of RFC 9420's; throws kInvalidArgument.
uint16_t checked_suite(uint32_t cipher_suite);

}  // namespace zt::delivery
