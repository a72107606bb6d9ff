// A device: its profile, its Control Hub session and its MLS identity.
//   login   client credentials -> a Control Hub token (kept sealed), the
//           device's ids from the token, the org's trust anchors
//   enroll  a signature key and a credential: a certificate from the org CA
//           for a CSR (default), a certificate of an external CA the org
//           trusts, or a basic credential naming the device
//   publish KeyPackages to the Delivery Service (private keys kept sealed)
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "zt/client/delivery_session.h"
#include "zt/client/profile.h"
#include "zt/mls/credential_validation.h"
#include "zt/mls/key_package_bundle.h"

namespace zt::client {

inline constexpr uint16_t kCipherSuite = 1;  // MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519

struct LoginParams {
  std::string controlhub_url;
  std::string delivery_address;  // empty: keep the profile's
  std::string client_id;
  crypto::SecretBytes client_secret;
};

struct LoginResult {
  std::string org_id, device_id, user_id;
  int64_t expires_at = 0;
};

enum class CredentialKind : uint8_t { kOrgCa, kExternal, kBasic };

struct EnrollParams {
  CredentialKind kind = CredentialKind::kOrgCa;
  std::string external_cert_pem;  // kExternal: end entity first
  std::string external_key_pem;   // kExternal: PKCS#8 Ed25519
};

struct EnrollResult {
  std::string credential;  // "x509" or "basic"
  std::string identity;    // zt://<org>/devices/<device>
  std::string subject, serial;
  int64_t not_after = 0;
};

struct PublishResult {
  uint32_t published = 0;  // including the last-resort package
  uint32_t available = 0;  // claimable now, as the DS counts them
};

class Device {
 public:
  // Writes the token, ids and trust anchors into `profile`.
  static LoginResult login(Profile& profile, const LoginParams& params);

  explicit Device(Profile& profile);

  EnrollResult enroll(const EnrollParams& params);
  PublishResult publish_key_packages(uint32_t count);

  Profile& profile() { return *profile_; }
  std::string identity() const;  // zt://<org>/devices/<device>
  DeliverySession delivery() const;
  const mls::CredentialVerifier& verifier() const { return *verifier_; }
  // A KeyPackage with its private keys, not published (a group creator's
  // own leaf). ClientError(kUsage) before enroll.
  mls::KeyPackageBundle new_bundle() const;
  // The published package `ref` names, with its private keys.
  std::optional<mls::KeyPackageBundle> published_bundle(BytesView ref) const;
  // Keeps the private keys of a package handed to the DS some other way
  // (RequestJoin).
  void remember_bundle(const mls::KeyPackageBundle& bundle);
  // Forgets a used package (a last-resort one stays).
  void forget_bundle(BytesView ref);

 private:
  void require_enrolled() const;

  Profile* profile_;
  DeviceSecrets secrets_;
  std::unique_ptr<mls::CredentialVerifier> verifier_;
};

}  // namespace zt::client
