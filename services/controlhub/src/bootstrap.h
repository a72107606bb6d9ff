// First start: a deployment admin credential (full_admin of the bootstrap
// org, plus deployment_admin) written to a file with mode 0600. Never logged.
#pragma once

#include <optional>
#include <string>

#include "zt/crypto/random.h"
#include "zt/pg/pool.h"

namespace zt::controlhub {

struct BootstrapResult {
  std::string org_id;
  std::string client_id;
};

// Does nothing (nullopt) when any principal exists already. Safe when
// several replicas start at once (advisory lock). Throws std::runtime_error
// if the file cannot be written; then nothing is stored.
std::optional<BootstrapResult> bootstrap_admin(pg::Pool& pool, const std::string& org_name,
                                               const std::string& credential_file,
                                               crypto::RandomSource& random);

}  // namespace zt::controlhub
