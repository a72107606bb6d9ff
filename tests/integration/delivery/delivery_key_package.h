// A real KeyPackage (common/mls) of a zt device: a basic credential naming
// the device's URI, optionally marked last resort. Shared by the in-process
// tests and the process-level e2e test.
#pragma once

#include <string>

#include "device_identity.h"
#include "zt/mls/key_package_bundle.h"
#include "zt/mls/key_package_validation.h"

namespace zt::delivery::testing {

inline mls::Credential device_credential(const std::string& org, const std::string& device) {
  std::string uri = device_uri(org, device);
  return mls::Credential{mls::BasicCredential{Bytes(uri.begin(), uri.end())}};
}

inline mls::KeyPackageBundle device_key_package(const mls::Credential& credential, uint16_t suite,
                                                bool last_resort = false,
                                                mls::Lifetime lifetime = {0, ~uint64_t{0}}) {
  mls::KeyPackageParams p;
  p.cipher_suite = suite;
  p.credential = credential;
  p.lifetime = lifetime;
  if (last_resort) {
    p.extensions.push_back({mls::kExtensionLastResort, {}});
    p.capabilities = mls::default_capabilities(suite);
    p.capabilities.extensions.push_back(mls::kExtensionLastResort);
  }
  return mls::create_key_package(std::move(p));
}

}  // namespace zt::delivery::testing
