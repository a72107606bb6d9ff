// The claims of a Control Hub bearer token.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zt/auth/auth_error.h"
#include "zt/base/expected.h"

namespace zt::auth {

inline constexpr std::string_view kRoleFullAdmin = "full_admin";
inline constexpr std::string_view kRoleReadOnlyAdmin = "read_only_admin";
inline constexpr std::string_view kRoleDeploymentAdmin = "deployment_admin";
inline constexpr std::string_view kRoleDevice = "device";
inline constexpr std::string_view kRoleService = "service";

struct Claims {
  std::string subject;    // sub: principal id (admin, device client, service)
  std::string org_id;     // org
  std::vector<std::string> roles;
  std::string device_id;  // did: set for device tokens only
  std::string user_id;    // uid: the device's user, if any
  std::chrono::system_clock::time_point issued_at;
  std::chrono::system_clock::time_point expires_at;

  bool has_role(std::string_view role) const;
};

std::string claims_to_json(const Claims& claims);
Expected<Claims, AuthError> parse_claims(std::string_view json);

// A JWT NumericDate (seconds since the epoch) as a time point, or nullopt when
// it is negative or beyond what system_clock can hold (about year 2262):
// such a claim is malformed, never an overflow.
std::optional<std::chrono::system_clock::time_point> from_numeric_date(int64_t seconds);

}  // namespace zt::auth
