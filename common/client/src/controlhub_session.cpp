#include "zt/client/controlhub_session.h"

#include <nlohmann/json.hpp>

#include "http_client.h"
#include "zt/auth/base64url.h"
#include "zt/client/client_error.h"

namespace zt::client {
namespace {

std::string form_escape(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

nlohmann::json parse_answer(const HttpReply& reply, const std::string& what) {
  auto j = nlohmann::json::parse(reply.body, nullptr, false);
  if (reply.status / 100 != 2) {
    std::string code = j.is_object() ? j.value("code", "") : "";
    std::string message = j.is_object() ? j.value("message", "") : "";
    throw ClientError::refused("controlhub",
                               "HTTP " + std::to_string(reply.status) + (code.empty() ? "" : " " + code),
                               message.empty() ? what + " failed" : message);
  }
  if (!j.is_object()) throw ClientError::protocol("controlhub: " + what + ": the answer is not a JSON object");
  return j;
}

std::string required_string(const nlohmann::json& j, const char* key, const std::string& what) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string())
    throw ClientError::protocol("controlhub: " + what + ": the answer has no \"" + key + "\"");
  return it->get<std::string>();
}

auth::Claims claims_of(std::string_view token) {
  size_t first = token.find('.');
  size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos) throw ClientError::protocol("controlhub: the token is not a JWS");
  auto payload = auth::base64url_decode(token.substr(first + 1, second - first - 1));
  if (!payload) throw ClientError::protocol("controlhub: the token's payload is not base64url");
  auto claims = auth::parse_claims(std::string(payload->begin(), payload->end()));
  if (!claims) throw ClientError::protocol("controlhub: the token's claims do not parse");
  return std::move(*claims);
}

}  // namespace

HubToken ControlHubSession::login(const std::string& client_id,
                                  const crypto::SecretBytes& client_secret) const {
  std::string body = "grant_type=client_credentials&client_id=" + form_escape(client_id) +
                     "&client_secret=" + form_escape(client_secret.reveal_text());
  auto j = parse_answer(http_exchange(base_url_, "POST", "/v1/oauth/token",
                                      "application/x-www-form-urlencoded", body),
                        "login");
  std::string token = required_string(j, "access_token", "login");
  HubToken t{crypto::SecretBytes(as_bytes(token)), claims_of(token)};
  std::fill(token.begin(), token.end(), '\0');
  return t;
}

IssuedCertificate ControlHubSession::request_certificate(const crypto::SecretBytes& token,
                                                         const std::string& device_id,
                                                         const std::string& csr_pem) const {
  nlohmann::json req{{"csr", csr_pem}};
  auto j = parse_answer(http_exchange(base_url_, "POST", "/v1/devices/" + device_id + "/certificate",
                                      "application/json", req.dump(),
                                      std::string(token.reveal_text())),
                        "certificate request");
  IssuedCertificate c;
  c.certificate_pem = required_string(j, "certificatePem", "certificate request");
  auto chain = j.find("chainPem");
  if (chain == j.end() || !chain->is_array())
    throw ClientError::protocol("controlhub: certificate request: the answer has no \"chainPem\" list");
  for (const auto& pem : *chain) {
    if (!pem.is_string()) throw ClientError::protocol("controlhub: certificate request: chainPem holds a non-string");
    c.chain_pem.push_back(pem.get<std::string>());
  }
  c.serial = j.value("serial", "");
  c.not_after = j.value("notAfter", int64_t{0});
  return c;
}

TrustAnchors ControlHubSession::trust_anchors(const crypto::SecretBytes& token,
                                              const std::string& org_id) const {
  auto j = parse_answer(http_exchange(base_url_, "GET", "/v1/orgs/" + org_id + "/trustAnchors", "",
                                      "", std::string(token.reveal_text())),
                        "trust anchors");
  TrustAnchors t;
  try {
    t.internal_pem = j.at("internalCaPem").get<std::vector<std::string>>();
    t.external_pem = j.at("externalCaPem").get<std::vector<std::string>>();
  } catch (const nlohmann::json::exception&) {
    throw ClientError::protocol("controlhub: trust anchors: internalCaPem/externalCaPem are not lists of PEM");
  }
  return t;
}

}  // namespace zt::client
