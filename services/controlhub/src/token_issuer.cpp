#include "token_issuer.h"

#include "statements.h"

namespace zt::controlhub {

TokenIssuer::TokenIssuer(pg::Pool& pool, const KeyVault& vault, const Clock& clock,
                         crypto::RandomSource& random, std::chrono::seconds ttl)
    : pool_(pool),
      vault_(vault),
      clock_(clock),
      random_(random),
      ttl_(ttl),
      verifier_([this] { return std::optional<std::string>(jwks_json()); }, clock,
                auth::TokenVerifierOptions{std::chrono::seconds(30), std::chrono::seconds(60),
                                           std::chrono::seconds(1)}) {}

void TokenIssuer::start() {
  bool empty = pool_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    return tx.exec_prepared(sql::kListSigningKeys.name).empty();
  });
  if (empty) {
    rotate();
  } else {
    load_newest();
  }
}

std::string TokenIssuer::rotate() {
  std::string kid = "k-" + to_hex(random_.bytes(8));
  auto signer = auth::JwsSigner::generate(kid, random_);
  Bytes sealed = vault_.seal("zt.controlhub.signing_key", signer.seed_for_storage());
  pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    tx.exec_prepared(sql::kInsertSigningKey.name, kid, to_hex(sealed), to_hex(signer.public_jwk().public_key));
    tx.commit();
  });
  load_newest();
  verifier_.refresh();
  return kid;
}

void TokenIssuer::load_newest() {
  auto row = pool_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    auto r = tx.exec_prepared(sql::kListSigningKeys.name);
    return std::make_pair(r[0][0].as<std::string>(), r[0][1].as<std::string>());
  });
  crypto::SecretBytes seed = vault_.open("zt.controlhub.signing_key", from_hex(row.second));
  auto signer = std::make_unique<auth::JwsSigner>(row.first, seed.reveal());
  std::lock_guard lock(mu_);
  signer_ = std::move(signer);
}

std::string TokenIssuer::issue(auth::Claims claims) {
  claims.issued_at = std::chrono::time_point_cast<std::chrono::seconds>(clock_.now());
  claims.expires_at = claims.issued_at + ttl_;
  std::lock_guard lock(mu_);
  return signer_->sign(auth::claims_to_json(claims));
}

std::string TokenIssuer::jwks_json() {
  std::vector<auth::Jwk> keys;
  pool_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    for (const auto& row : tx.exec_prepared(sql::kListSigningKeys.name)) {
      keys.push_back({row[0].as<std::string>(), from_hex(row[2].as<std::string>())});
    }
  });
  return auth::JwkSet(std::move(keys)).to_json();
}

}  // namespace zt::controlhub
