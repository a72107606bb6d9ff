#include "zt/auth/media_grant.h"

#include <nlohmann/json.hpp>

#include "zt/auth/claims.h"

namespace zt::auth {
namespace {

Expected<MediaGrantClaims, AuthError> malformed(std::string why) {
  return unexpected(
      AuthError{AuthErrorCode::kMalformed, "malformed media grant: " + std::move(why)});
}

}  // namespace

std::string media_grant_to_json(const MediaGrantClaims& g) {
  nlohmann::json j{
      {"mtg", g.meeting},
      {"did", g.device},
      {"leaf", g.leaf_index},
      {"exp",
       std::chrono::duration_cast<std::chrono::seconds>(g.expires_at.time_since_epoch()).count()}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Expected<MediaGrantClaims, AuthError> parse_media_grant(std::string_view json) {
  auto j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return malformed("not a JSON object");
  auto mtg = j.find("mtg"), did = j.find("did"), leaf = j.find("leaf"), exp = j.find("exp");
  if (mtg == j.end() || !mtg->is_string()) return malformed("mtg must be a string");
  if (did == j.end() || !did->is_string()) return malformed("did must be a string");
  if (leaf == j.end() || !leaf->is_number_unsigned() || leaf->get<uint64_t>() > UINT32_MAX) {
    return malformed("leaf must be a leaf index");
  }
  if (exp == j.end() || !exp->is_number_integer()) return malformed("exp must be a NumericDate");
  auto expires_at = from_numeric_date(exp->get<int64_t>());
  if (!expires_at) return malformed("exp out of range");
  return MediaGrantClaims{mtg->get<std::string>(), did->get<std::string>(),
                          static_cast<uint32_t>(leaf->get<uint64_t>()), *expires_at};
}

}  // namespace zt::auth
