#include "media_grant.h"

#include <nlohmann/json.hpp>

#include "zt/auth/claims.h"
#include "zt/auth/jws.h"

namespace zt::sfu {

std::string media_grant_payload(const MediaGrant& g) {
  nlohmann::json j;
  j["mtg"] = g.meeting;
  j["did"] = g.device;
  j["leaf"] = g.leaf_index;
  j["exp"] = std::chrono::duration_cast<std::chrono::seconds>(g.expires_at.time_since_epoch()).count();
  return j.dump();
}

Expected<MediaGrant, std::string> MediaGrantVerifier::verify(std::string_view token, std::string_view meeting) const {
  auto jws = auth::verify_jws(token, trusted_);
  if (!jws) return unexpected(std::string("media grant refused: ") + auth::to_string(jws.error().code));
  auto j = nlohmann::json::parse(jws->payload, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("mtg") || !j["mtg"].is_string() || !j.contains("did") || !j["did"].is_string() ||
      !j.contains("leaf") || !j["leaf"].is_number_unsigned() || !j.contains("exp") || !j["exp"].is_number_integer()) {
    return unexpected(std::string("media grant refused: malformed claims"));
  }
  MediaGrant g;
  g.meeting = j["mtg"].get<std::string>();
  g.device = j["did"].get<std::string>();
  uint64_t leaf = j["leaf"].get<uint64_t>();
  if (leaf > UINT32_MAX) return unexpected(std::string("media grant refused: malformed claims"));
  g.leaf_index = static_cast<uint32_t>(leaf);
  auto expires_at = auth::from_numeric_date(j["exp"].get<int64_t>());
  if (!expires_at) return unexpected(std::string("media grant refused: malformed claims"));
  g.expires_at = *expires_at;
  if (g.expires_at <= clock_.now()) return unexpected(std::string("media grant refused: expired"));
  if (g.meeting != meeting) return unexpected(std::string("media grant refused: issued for another meeting"));
  return g;
}

}  // namespace zt::sfu
