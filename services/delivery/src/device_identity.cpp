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

}  // namespace zt::delivery
