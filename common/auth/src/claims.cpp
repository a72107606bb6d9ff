#include "zt/auth/claims.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace zt::auth {
namespace {

int64_t to_unix(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> from_numeric_date(int64_t seconds) {
  using Clock = std::chrono::system_clock;
  constexpr int64_t kMax =
      std::chrono::duration_cast<std::chrono::seconds>(Clock::duration::max()).count() - 1;
  if (seconds < 0 || seconds > kMax) return std::nullopt;
  return Clock::time_point(std::chrono::duration_cast<Clock::duration>(std::chrono::seconds(seconds)));
}

bool Claims::has_role(std::string_view role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

std::string claims_to_json(const Claims& c) {
  nlohmann::json j{{"sub", c.subject}, {"org", c.org_id}, {"roles", c.roles},
                   {"iat", to_unix(c.issued_at)}, {"exp", to_unix(c.expires_at)}};
  if (!c.device_id.empty()) j["did"] = c.device_id;
  if (!c.user_id.empty()) j["uid"] = c.user_id;
  return j.dump();
}

Expected<Claims, AuthError> parse_claims(std::string_view json) {
  auto malformed = [](const char* why) {
    return unexpected(AuthError{AuthErrorCode::kMalformed, why});
  };
  auto j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return malformed("claims are not a JSON object");
  if (!j.contains("sub") || !j["sub"].is_string()) return malformed("claim sub missing");
  if (!j.contains("org") || !j["org"].is_string()) return malformed("claim org missing");
  if (!j.contains("exp") || !j["exp"].is_number_integer()) return malformed("claim exp missing");
  if (!j.contains("roles") || !j["roles"].is_array()) return malformed("claim roles missing");
  Claims c;
  c.subject = j["sub"].get<std::string>();
  c.org_id = j["org"].get<std::string>();
  auto exp = from_numeric_date(j["exp"].get<int64_t>());
  if (!exp) return malformed("claim exp out of range");
  c.expires_at = *exp;
  if (j.contains("iat")) {
    if (!j["iat"].is_number_integer()) return malformed("claim iat is not an integer");
    auto iat = from_numeric_date(j["iat"].get<int64_t>());
    if (!iat) return malformed("claim iat out of range");
    c.issued_at = *iat;
  }
  for (const auto& r : j["roles"]) {
    if (!r.is_string()) return malformed("claim roles holds a non-string");
    c.roles.push_back(r.get<std::string>());
  }
  if (j.contains("did")) {
    if (!j["did"].is_string()) return malformed("claim did is not a string");
    c.device_id = j["did"].get<std::string>();
  }
  if (j.contains("uid")) {
    if (!j["uid"].is_string()) return malformed("claim uid is not a string");
    c.user_id = j["uid"].get<std::string>();
  }
  return c;
}

}  // namespace zt::auth
