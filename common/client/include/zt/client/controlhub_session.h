// What a device asks of Control Hub's REST API: a bearer token for its
// client credentials, a device certificate from the org CA for a CSR, and
// the org's trust anchors (to verify the other members' credentials).
// Refusals are ClientError::refused("controlhub", "HTTP <status> <code>",
// message).
#pragma once

#include <string>
#include <vector>

#include "zt/auth/claims.h"
#include "zt/client/profile.h"
#include "zt/crypto/secret_bytes.h"

namespace zt::client {

struct HubToken {
  crypto::SecretBytes access_token;
  auth::Claims claims;  // read from the token's payload (the services verify it)
};

struct IssuedCertificate {
  std::string certificate_pem;
  std::vector<std::string> chain_pem;  // the org CA, then the deployment root
  std::string serial;
  int64_t not_after = 0;
};

class ControlHubSession {
 public:
  explicit ControlHubSession(std::string base_url) : base_url_(std::move(base_url)) {}

  HubToken login(const std::string& client_id, const crypto::SecretBytes& client_secret) const;
  IssuedCertificate request_certificate(const crypto::SecretBytes& token,
                                        const std::string& device_id,
                                        const std::string& csr_pem) const;
  TrustAnchors trust_anchors(const crypto::SecretBytes& token, const std::string& org_id) const;

 private:
  std::string base_url_;
};

}  // namespace zt::client
