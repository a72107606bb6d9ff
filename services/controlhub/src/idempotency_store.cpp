#include "idempotency_store.h"

#include "statements.h"

namespace zt::controlhub {
namespace {

int64_t unix_seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

std::vector<pg::Statement> IdempotencyStore::statements() {
  using namespace sql;
  return {kPurgeIdempotencyKeys, kClaimIdempotencyKey, kGetIdempotencyKey, kFinishIdempotencyKey,
          kReleaseIdempotencyKey};
}

IdempotencyClaim IdempotencyStore::claim(const std::string& principal, const std::string& key,
                                         const std::string& request_hash,
                                         std::chrono::system_clock::time_point now) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    tx.exec_prepared(sql::kPurgeIdempotencyKeys.name, unix_seconds(now - kIdempotencyTtl));
    IdempotencyClaim out;
    if (!tx.exec_prepared(sql::kClaimIdempotencyKey.name, principal, key, request_hash,
                          unix_seconds(now))
             .empty()) {
      tx.commit();
      return out;
    }
    auto r = tx.exec_prepared(sql::kGetIdempotencyKey.name, principal, key);
    tx.commit();
    if (r.empty() || r[0][0].as<std::string>() != request_hash) {
      out.kind = IdempotencyClaim::Kind::kReused;
    } else if (r[0][1].as<int>() == 0) {
      out.kind = IdempotencyClaim::Kind::kInProgress;
    } else {
      out.kind = IdempotencyClaim::Kind::kReplay;
      out.response = {r[0][1].as<int>(), r[0][2].as<std::string>()};
    }
    return out;
  });
}

void IdempotencyStore::finish(const std::string& principal, const std::string& key,
                              const StoredResponse& response) {
  pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    tx.exec_prepared(sql::kFinishIdempotencyKey.name, principal, key, response.status,
                     response.body);
    tx.commit();
  });
}

void IdempotencyStore::release(const std::string& principal, const std::string& key) {
  pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    tx.exec_prepared(sql::kReleaseIdempotencyKey.name, principal, key);
    tx.commit();
  });
}

}  // namespace zt::controlhub
