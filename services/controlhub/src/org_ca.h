// The deployment root CA and one intermediate CA per org (created on first
// use), with private keys sealed at rest; issues device certificates.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "key_vault.h"
#include "zt/base/clock.h"
#include "zt/pg/pool.h"

namespace zt::controlhub {

struct IssuedCertificate {
  std::string certificate_pem;
  std::vector<std::string> chain_pem;  // org intermediate, then root
  std::string serial_hex;
  int64_t not_after_unix = 0;
};

class OrgCa {
 public:
  OrgCa(pg::Pool& pool, const KeyVault& vault, const Clock& clock,
        std::chrono::seconds leaf_validity);

  // Creates the deployment root if it does not exist (safe across replicas).
  void ensure_root();
  std::string root_pem();
  std::string org_ca_pem(const std::string& org_id);

  // Throws DomainError (kInvalidArgument, field "csr") on a bad CSR.
  IssuedCertificate issue(const std::string& org_id, const std::string& user_id,
                          const std::string& device_id, const std::string& csr_pem);

  // URI SANs of a device certificate.
  static std::string user_uri(const std::string& org_id, const std::string& user_id);
  static std::string device_uri(const std::string& org_id, const std::string& device_id);

 private:
  struct Authority {
    std::string cert_pem;
    Bytes sealed_key;
  };
  std::optional<Authority> load(const std::string& scope);
  Authority ensure_org(const std::string& org_id);

  pg::Pool& pool_;
  const KeyVault& vault_;
  const Clock& clock_;
  std::chrono::seconds leaf_validity_;
};

}  // namespace zt::controlhub
