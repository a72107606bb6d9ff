#include "device_identity.h"

#include <algorithm>

namespace zt::delivery {

bool is_device_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

std::string device_uri(const std::string& org_id, const std::string& device_id) {
  return "zt://" + org_id + "/devices/" + device_id;
}

bool names_device(const mls::MemberIdentity& identity, const std::string& org_id,
                  const std::string& device_id) {
  const std::string uri = device_uri(org_id, device_id);
  if (identity.certificate) {
    const auto& sans = identity.certificate->uri_sans;
    return std::find(sans.begin(), sans.end(), uri) != sans.end();
  }
  return std::string(identity.basic_identity.begin(), identity.basic_identity.end()) == uri;
}

namespace {

std::optional<std::string> device_in_uri(std::string_view uri) {
  constexpr std::string_view kScheme = "zt://";
  constexpr std::string_view kDevices = "/devices/";
  if (uri.substr(0, kScheme.size()) != kScheme) return std::nullopt;
  auto at = uri.find(kDevices, kScheme.size());
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view id = uri.substr(at + kDevices.size());
  if (!is_device_id(id)) return std::nullopt;
  return std::string(id);
}

}  // namespace

std::optional<std::string> device_of(const mls::LeafNode& leaf, const Clock& clock) {
  try {
    mls::MemberIdentity identity =
        mls::CredentialVerifier({}, clock).verify(leaf.credential, leaf.signature_key);
    if (identity.certificate) {
      for (const auto& uri : identity.certificate->uri_sans) {
        if (auto d = device_in_uri(uri)) return d;
      }
      return std::nullopt;
    }
    return device_in_uri(
        std::string(identity.basic_identity.begin(), identity.basic_identity.end()));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace zt::delivery
