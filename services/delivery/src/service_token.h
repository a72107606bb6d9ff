// The Delivery Service's own Control Hub bearer token: a service principal
// (POST /v1/orgs/{org}/servicePrincipals, deployment admins only) whose
// client credentials sit in a secret file (delivery.controlhub_credentials_file,
// the JSON Control Hub answered: {"clientId": ..., "clientSecret": ...}).
// The token is got by client credentials from Control Hub's token endpoint
// and reused until a minute before it expires, or until invalidate() (after
// Control Hub answered UNAUTHENTICATED).
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>

#include "zt/base/clock.h"
#include "zt/crypto/secret_bytes.h"
#include "zt/http/client.h"

namespace zt::delivery {

struct ServiceCredentials {
  std::string client_id;
  crypto::SecretBytes client_secret;
};

// From the credentials file's contents. Throws std::runtime_error naming
// what is missing (never a value).
ServiceCredentials parse_service_credentials(const crypto::SecretBytes& file_contents);

class ServiceToken {
 public:
  // `token_url`: http://host:port/v1/oauth/token (throws std::invalid_argument).
  ServiceToken(const std::string& token_url, ServiceCredentials credentials, const Clock& clock);

  // The current token, fetched if none is held or it is about to expire;
  // nullopt when Control Hub does not issue one (unreachable, refused).
  std::optional<std::string> bearer();
  void invalidate();

 private:
  std::optional<std::string> fetch();

  http::HttpUrl url_;
  ServiceCredentials credentials_;
  const Clock& clock_;
  std::mutex mutex_;
  std::string token_;
  std::chrono::steady_clock::time_point renew_at_{};
};

}  // namespace zt::delivery
