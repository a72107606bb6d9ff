#include "zt/client/device.h"

#include <chrono>

#include "pem.h"
#include "zt/base/clock.h"
#include "zt/client/client_error.h"
#include "zt/client/controlhub_session.h"
#include "zt/crypto/signature.h"
#include "zt/crypto/x509_certificate.h"
#include "zt/crypto/x509_issuer.h"
#include "zt/mls/crypto_labels.h"
#include "zt/mls/key_package_validation.h"

namespace zt::client {
namespace {

using namespace std::chrono_literals;

int64_t unix_seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

mls::KeyPackageParams package_params(const DeviceSecrets& s, bool last_resort) {
  auto credential = mls::decode<mls::Credential>(s.credential);
  if (!credential) throw ClientError::profile("the profile's credential does not decode: enroll again");
  mls::KeyPackageParams p;
  p.cipher_suite = kCipherSuite;
  p.credential = std::move(*credential);
  p.signature_private_key = s.signature_key;
  auto now = std::chrono::system_clock::now();
  p.lifetime = {static_cast<uint64_t>(unix_seconds(now - 1h)),
                static_cast<uint64_t>(unix_seconds(now + 24h * 30))};
  if (last_resort) {
    p.extensions.push_back({mls::kExtensionLastResort, {}});
    p.capabilities = mls::default_capabilities(kCipherSuite);
    p.capabilities.extensions.push_back(mls::kExtensionLastResort);
  }
  return p;
}

StoredKeyPackage stored(const mls::KeyPackageBundle& b) {
  Bytes ref = mls::make_key_package_ref(mls::suite_algorithms(kCipherSuite), b.key_package);
  return {ref, mls::encode(b.key_package), b.init_private_key, b.encryption_private_key};
}

Bytes x509_credential(const std::vector<Bytes>& chain_der) {
  mls::X509Credential x;
  for (const Bytes& der : chain_der) x.certificates.push_back({der});
  return mls::encode(mls::Credential{std::move(x)});
}

}  // namespace

LoginResult Device::login(Profile& profile, const LoginParams& params) {
  if (params.client_id.empty()) throw ClientError::usage("--client-id is required");
  if (params.client_secret.empty()) throw ClientError::usage("the client secret file is empty");
  ControlHubSession hub(params.controlhub_url);
  HubToken token = hub.login(params.client_id, params.client_secret);
  const auth::Claims& c = token.claims;
  if (!c.has_role(auth::kRoleDevice) || c.device_id.empty())
    throw ClientError::usage("client " + params.client_id + " is not a device: zt-client logs in as a device");
  ProfileConfig& cfg = profile.config();
  if (!cfg.device_id.empty() && cfg.device_id != c.device_id)
    throw ClientError::profile("profile " + profile.dir() + " belongs to device " + cfg.device_id +
                               ", not " + c.device_id + ": use another --profile");
  cfg.controlhub_url = params.controlhub_url;
  if (!params.delivery_address.empty()) cfg.delivery_address = params.delivery_address;
  cfg.client_id = params.client_id;
  cfg.org_id = c.org_id;
  cfg.device_id = c.device_id;
  cfg.user_id = c.user_id;
  cfg.token_expires_at = unix_seconds(c.expires_at);
  cfg.trust = hub.trust_anchors(token.access_token, c.org_id);
  DeviceSecrets secrets = profile.load_secrets();
  secrets.token = token.access_token;
  profile.save_secrets(secrets);
  profile.save_config();
  return {c.org_id, c.device_id, c.user_id, cfg.token_expires_at};
}

Device::Device(Profile& profile) : profile_(&profile), secrets_(profile.load_secrets()) {
  const ProfileConfig& cfg = profile.config();
  if (cfg.device_id.empty() || secrets_.token.empty())
    throw ClientError::profile("profile " + profile.dir() + " is not logged in: run `zt-client login`");
  mls::CredentialTrust trust{cfg.trust.internal_pem, cfg.trust.external_pem, {}};
  verifier_ = std::make_unique<mls::CredentialVerifier>(std::move(trust), SystemClock::instance());
}

std::string Device::identity() const {
  return "zt://" + profile_->config().org_id + "/devices/" + profile_->config().device_id;
}

DeliverySession Device::delivery() const {
  int64_t now = unix_seconds(std::chrono::system_clock::now());
  if (profile_->config().token_expires_at != 0 && profile_->config().token_expires_at <= now) {
    throw ClientError::profile("the Control Hub token expired " +
                               std::to_string(now - profile_->config().token_expires_at) +
                               " s ago: run `zt-client login` again");
  }
  return DeliverySession(profile_->config().delivery_address, secrets_.token);
}

EnrollResult Device::enroll(const EnrollParams& params) {
  ProfileConfig& cfg = profile_->config();
  EnrollResult r;
  r.identity = identity();
  if (params.kind == CredentialKind::kBasic) {
    secrets_.signature_key = crypto::SigningKey::generate(crypto::SignatureScheme::kEd25519).raw_private_key();
    secrets_.credential = mls::encode(mls::Credential{mls::BasicCredential{Bytes(r.identity.begin(), r.identity.end())}});
    cfg.credential_kind = r.credential = "basic";
    cfg.certificate_pem.clear();
  } else {
    std::vector<Bytes> chain;
    if (params.kind == CredentialKind::kOrgCa) {
      crypto::SecretBytes pkcs8 = crypto::generate_x509_private_key();
      std::string csr = crypto::create_csr(pkcs8, "device " + cfg.device_id);
      IssuedCertificate cert = ControlHubSession(cfg.controlhub_url)
                                   .request_certificate(secrets_.token, cfg.device_id, csr);
      secrets_.signature_key = ed25519_seed_of_pkcs8(pkcs8.reveal(), "the generated key");
      chain = pem_blocks(cert.certificate_pem, "CERTIFICATE", "the issued certificate");
      if (!cert.chain_pem.empty())  // the org CA; the root stays a trust anchor only
        chain.push_back(pem_blocks(cert.chain_pem.front(), "CERTIFICATE", "the org CA").front());
      cfg.certificate_pem = cert.certificate_pem;
    } else {
      chain = pem_blocks(params.external_cert_pem, "CERTIFICATE", "--external-cert");
      auto key = pem_blocks(params.external_key_pem, "PRIVATE KEY", "--external-key");
      secrets_.signature_key = ed25519_seed_of_pkcs8(key.front(), "--external-key");
      Bytes pub = crypto::derive_signature_public_key(crypto::SignatureScheme::kEd25519,
                                                      secrets_.signature_key.reveal());
      if (crypto::certificate_public_key(chain.front()) != pub)
        throw ClientError::usage("--external-key is not the key of the --external-cert certificate");
      cfg.certificate_pem = mls::certificate_pem(chain.front());
    }
    secrets_.credential = x509_credential(chain);
    auto details = crypto::describe_certificate(cfg.certificate_pem);
    r.subject = details.subject;
    r.serial = details.serial_hex;
    r.not_after = unix_seconds(details.not_after);
    cfg.credential_kind = r.credential = "x509";
  }
  // Validate our own credential as the other members will.
  Bytes pub = crypto::derive_signature_public_key(crypto::SignatureScheme::kEd25519,
                                                  secrets_.signature_key.reveal());
  try {
    verifier_->verify(*mls::decode<mls::Credential>(secrets_.credential), pub);
  } catch (const mls::CredentialError& e) {
    throw ClientError::usage(std::string("the new credential does not validate: ") + e.what());
  }
  secrets_.key_packages.clear();  // packages of the old credential are useless now
  profile_->save_secrets(secrets_);
  profile_->save_config();
  return r;
}

void Device::require_enrolled() const {
  if (secrets_.signature_key.empty() || secrets_.credential.empty())
    throw ClientError::usage("this device has no credential yet: run `zt-client enroll`");
}

mls::KeyPackageBundle Device::new_bundle() const {
  require_enrolled();
  return mls::create_key_package(package_params(secrets_, false));
}

PublishResult Device::publish_key_packages(uint32_t count) {
  require_enrolled();
  if (count == 0 || count > 100) throw ClientError::usage("--count must be 1..100");
  dsv1::UploadKeyPackagesRequest req;
  req.set_cipher_suite(kCipherSuite);
  std::vector<StoredKeyPackage> fresh;
  for (uint32_t i = 0; i <= count; ++i) {
    auto bundle = mls::create_key_package(package_params(secrets_, i == count));
    fresh.push_back(stored(bundle));
    req.add_key_packages(std::string(fresh.back().key_package.begin(), fresh.back().key_package.end()));
  }
  auto ds = delivery();
  auto resp = ds.call(&dsv1::Delivery::Stub::UploadKeyPackages, req);
  for (auto& s : fresh) secrets_.key_packages.push_back(std::move(s));
  profile_->save_secrets(secrets_);
  return {count + 1, resp.available()};
}

std::optional<mls::KeyPackageBundle> Device::published_bundle(BytesView ref) const {
  for (const StoredKeyPackage& s : secrets_.key_packages) {
    if (!std::equal(s.ref.begin(), s.ref.end(), ref.begin(), ref.end())) continue;
    auto kp = mls::decode<mls::KeyPackage>(s.key_package);
    if (!kp) throw ClientError::profile("a stored KeyPackage does not decode");
    return mls::KeyPackageBundle{std::move(*kp), s.init_private_key, s.encryption_private_key,
                                 secrets_.signature_key};
  }
  return std::nullopt;
}

void Device::remember_bundle(const mls::KeyPackageBundle& bundle) {
  secrets_.key_packages.push_back(stored(bundle));
  profile_->save_secrets(secrets_);
}

void Device::forget_bundle(BytesView ref) {
  auto& list = secrets_.key_packages;
  for (auto it = list.begin(); it != list.end(); ++it) {
    if (!std::equal(it->ref.begin(), it->ref.end(), ref.begin(), ref.end())) continue;
    auto kp = mls::decode<mls::KeyPackage>(it->key_package);
    if (kp && mls::is_last_resort(*kp)) return;
    list.erase(it);
    profile_->save_secrets(secrets_);
    return;
  }
}

}  // namespace zt::client
