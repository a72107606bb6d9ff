#include "service_token.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "zt/log/log.h"

namespace zt::delivery {
namespace {

constexpr std::chrono::seconds kRenewBefore{60};

}  // namespace

ServiceCredentials parse_service_credentials(const crypto::SecretBytes& file_contents) {
  auto j = nlohmann::json::parse(file_contents.reveal_text(), nullptr, /*allow_exceptions=*/false);
  auto id = j.is_object() ? j.find("clientId") : j.end();
  auto secret = j.is_object() ? j.find("clientSecret") : j.end();
  if (!j.is_object() || id == j.end() || !id->is_string() || secret == j.end() ||
      !secret->is_string()) {
    throw std::runtime_error(
        "delivery.controlhub_credentials_file must be a JSON object with the string fields "
        "clientId and clientSecret");
  }
  return {id->get<std::string>(),
          crypto::SecretBytes(as_bytes(secret->get_ref<const std::string&>()))};
}

ServiceToken::ServiceToken(const std::string& token_url, ServiceCredentials credentials,
                           const Clock& clock)
    : url_(http::parse_http_url(token_url)), credentials_(std::move(credentials)), clock_(clock) {}

std::optional<std::string> ServiceToken::fetch() {
  nlohmann::json body{{"grant_type", "client_credentials"},
                      {"client_id", credentials_.client_id},
                      {"client_secret", std::string(credentials_.client_secret.reveal_text())}};
  http::ClientRequest req;
  req.method = "POST";
  req.headers["Content-Type"] = "application/json";
  req.headers["Accept"] = "application/json";
  req.body = body.dump();
  body.clear();
  auto reply = http::http_call(url_, req);
  if (!reply || reply->status != 200) {
    log::warn("Control Hub did not issue the Delivery Service's token",
              {log::field("status", reply ? reply->status : 0)});
    return std::nullopt;
  }
  auto j = nlohmann::json::parse(reply->body, nullptr, false);
  if (!j.is_object() || !j.contains("access_token") || !j["access_token"].is_string())
    return std::nullopt;
  int64_t ttl = j.contains("expires_in") && j["expires_in"].is_number_integer()
                    ? j["expires_in"].get<int64_t>()
                    : 0;
  token_ = j["access_token"].get<std::string>();
  renew_at_ = clock_.steady_now() + std::chrono::seconds(ttl) - kRenewBefore;
  return token_;
}

std::optional<std::string> ServiceToken::bearer() {
  std::lock_guard lock(mutex_);
  if (!token_.empty() && clock_.steady_now() < renew_at_) return token_;
  return fetch();
}

void ServiceToken::invalidate() {
  std::lock_guard lock(mutex_);
  token_.clear();
}

}  // namespace zt::delivery
