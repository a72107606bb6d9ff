#include "key_package_directory.h"

#include <limits>

#include "delivery_error.h"
#include "device_identity.h"
#include "zt/crypto/cipher_suite.h"
#include "zt/mls/crypto_labels.h"
#include "zt/mls/key_package_validation.h"

namespace zt::delivery {
namespace {

std::string package_error(std::size_t index, const std::string& what) {
  return "key_packages[" + std::to_string(index) + "]: " + what;
}

int64_t clamp_seconds(uint64_t v) {
  return v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())
             ? std::numeric_limits<int64_t>::max()
             : static_cast<int64_t>(v);
}

KeyPackageOwner owner_of(const Caller& caller, uint16_t suite) {
  return {caller.org_id, caller.device_id, suite};
}

}  // namespace

uint16_t checked_suite(uint32_t cipher_suite) {
  if (cipher_suite > std::numeric_limits<uint16_t>::max() ||
      !crypto::find_suite_algorithms(static_cast<uint16_t>(cipher_suite))) {
    throw DeliveryError::invalid_argument("cipher_suite " + std::to_string(cipher_suite) +
                                          " is not an MLS cipher suite this service supports");
  }
  return static_cast<uint16_t>(cipher_suite);
}

int64_t KeyPackageDirectory::now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
}

StoredKeyPackage KeyPackageDirectory::validate(const Caller& caller, uint16_t suite,
                                               const Bytes& encoded, std::size_t index) const {
  if (encoded.size() > kMaxKeyPackageBytes) {
    throw DeliveryError::invalid_argument(
        package_error(index, "larger than " + std::to_string(kMaxKeyPackageBytes) + " bytes"));
  }
  auto kp = mls::decode<mls::KeyPackage>(encoded);
  if (!kp)
    throw DeliveryError::invalid_argument(
        package_error(index, "not a KeyPackage: " + kp.error().to_string()));
  const crypto::SuiteAlgorithms& info = mls::suite_algorithms(suite);
  mls::MemberIdentity identity;
  try {
    mls::RatchetTreeState no_group(info);
    mls::CredentialVerifier credentials({}, clock_);
    mls::LeafNodeCheck check;
    check.clock = &clock_;
    check.credentials = &credentials;
    identity = mls::validate_key_package(no_group, suite, *kp, check);
  } catch (const mls::KeyPackageError& e) {
    throw DeliveryError::invalid_argument(package_error(index, e.what()));
  } catch (const mls::LeafNodeError& e) {
    throw DeliveryError::invalid_argument(package_error(index, e.what()));
  } catch (const mls::CredentialError& e) {
    throw DeliveryError::invalid_argument(
        package_error(index, std::string("credential refused: ") + e.what()));
  }
  if (!names_device(identity, caller.org_id, caller.device_id)) {
    throw DeliveryError::permission_denied(
        package_error(index, "the credential does not name the calling device (expected " +
                                 device_uri(caller.org_id, caller.device_id) + ")"));
  }
  const auto& lifetime = std::get<mls::KeyPackageLeafSource>(kp->leaf_node.source).lifetime;
  return StoredKeyPackage{mls::make_key_package_ref(info, *kp), encoded, mls::is_last_resort(*kp),
                          clamp_seconds(lifetime.not_before), clamp_seconds(lifetime.not_after)};
}

UploadResult KeyPackageDirectory::upload(const Caller& caller, uint32_t cipher_suite,
                                         const std::vector<Bytes>& key_packages) {
  uint16_t suite = checked_suite(cipher_suite);
  if (key_packages.empty()) throw DeliveryError::invalid_argument("key_packages is empty");
  if (key_packages.size() > kMaxKeyPackagesPerUpload) {
    throw DeliveryError::invalid_argument("at most " + std::to_string(kMaxKeyPackagesPerUpload) +
                                          " key packages per upload");
  }
  std::vector<StoredKeyPackage> stored;
  std::size_t last_resort = 0;
  for (std::size_t i = 0; i < key_packages.size(); ++i) {
    stored.push_back(validate(caller, suite, key_packages[i], i));
    if (stored.back().last_resort) ++last_resort;
    for (std::size_t j = 0; j + 1 < stored.size(); ++j) {
      if (stored[j].ref == stored.back().ref)
        throw DeliveryError::invalid_argument(package_error(i, "uploaded twice"));
    }
  }
  if (last_resort != 1) {
    throw DeliveryError::invalid_argument(
        "a batch carries exactly one last-resort key package (extension 0x000a); this one has " +
        std::to_string(last_resort));
  }
  KeyPackageOwner owner = owner_of(caller, suite);
  store_.add_key_packages(owner, stored, now());
  UploadResult result;
  for (auto& s : stored) result.refs.push_back(std::move(s.ref));
  result.count = store_.count_key_packages(owner, now());
  if (metrics_)
    metrics_->key_packages_uploaded.Add({{"cipher_suite", std::to_string(suite)}})
        .Increment(static_cast<double>(stored.size()));
  report_left(owner, result.count);
  return result;
}

ClaimedKeyPackage KeyPackageDirectory::claim(const Caller& caller, const std::string& device_id,
                                             uint32_t cipher_suite) {
  uint16_t suite = checked_suite(cipher_suite);
  if (!is_device_id(device_id))
    throw DeliveryError::invalid_argument("device_id: 1..128 of [A-Za-z0-9_-]");
  // Only devices of the caller's org are visible: another org's device looks absent.
  KeyPackageOwner owner{caller.org_id, device_id, suite};
  auto claimed = store_.claim_key_package(owner, now());
  if (metrics_) {
    metrics_->key_package_claims
        .Add({{"result", !claimed               ? "none"
                         : claimed->last_resort ? "last_resort"
                                                : "served"}})
        .Increment();
  }
  if (!claimed) {
    throw DeliveryError::not_found("device " + device_id + " has no key package for cipher suite " +
                                   std::to_string(suite));
  }
  if (!claimed->last_resort) report_left(owner, store_.count_key_packages(owner, now()));
  return std::move(*claimed);
}

KeyPackageCount KeyPackageDirectory::count(const Caller& caller, uint32_t cipher_suite) {
  KeyPackageOwner owner = owner_of(caller, checked_suite(cipher_suite));
  KeyPackageCount c = store_.count_key_packages(owner, now());
  report_left(owner, c);
  return c;
}

void KeyPackageDirectory::report_left(const KeyPackageOwner& owner, const KeyPackageCount& count) {
  if (!metrics_) return;
  metrics_->key_packages_left
      .Add({{"device_id", owner.device_id}, {"cipher_suite", std::to_string(owner.cipher_suite)}})
      .Set(count.available);
}

}  // namespace zt::delivery
