// Token signing keys (stored sealed in PostgreSQL, rotatable) and the
// tokens Control Hub issues. Every replica publishes all unretired keys, so
// a token signed before a rotation keeps verifying until it expires.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "key_vault.h"
#include "zt/auth/claims.h"
#include "zt/auth/jws.h"
#include "zt/auth/token_verifier.h"
#include "zt/base/clock.h"
#include "zt/pg/pool.h"

namespace zt::controlhub {

class TokenIssuer {
 public:
  // `random` names new keys and makes their seeds.
  TokenIssuer(pg::Pool& pool, const KeyVault& vault, const Clock& clock,
              crypto::RandomSource& random, std::chrono::seconds token_ttl);

  // Creates the first key if there is none; loads the newest.
  void start();
  // A new signing key; older keys stay published.
  std::string rotate();

  std::string issue(auth::Claims claims);  // fills iat/exp
  std::string jwks_json();
  auth::TokenVerifier& verifier() { return verifier_; }
  std::chrono::seconds token_ttl() const { return ttl_; }

 private:
  void load_newest();

  pg::Pool& pool_;
  const KeyVault& vault_;
  const Clock& clock_;
  crypto::RandomSource& random_;
  std::chrono::seconds ttl_;
  std::mutex mu_;
  std::unique_ptr<auth::JwsSigner> signer_;
  auth::TokenVerifier verifier_;
};

}  // namespace zt::controlhub
