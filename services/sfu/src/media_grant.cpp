#include "media_grant.h"

namespace zt::sfu {

Expected<MediaGrant, std::string> MediaGrantVerifier::verify(std::string_view token, std::string_view meeting) const {
  auto jws = trusted_.verify(token);
  if (!jws) return unexpected(std::string("media grant refused: ") + auth::to_string(jws.error().code));
  auto claims = auth::parse_media_grant(jws->payload);
  if (!claims) return unexpected(std::string("media grant refused: malformed claims"));
  const MediaGrant& g = *claims;
  if (g.expires_at <= clock_.now()) return unexpected(std::string("media grant refused: expired"));
  if (g.meeting != meeting) return unexpected(std::string("media grant refused: issued for another meeting"));
  return *claims;
}

}  // namespace zt::sfu
