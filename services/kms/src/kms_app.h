// The KMS wired together: store, master keys, key cache, token
// verification, the API logic and its gRPC service. main.cpp and the
// in-process tests build one of these. Members are in construction order.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "audit_watch.h"
#include "caller.h"
#include "key_cache.h"
#include "key_file_provider.h"
#include "kms_api.h"
#include "kms_grpc_service.h"
#include "kms_metrics.h"
#include "kms_uri.h"
#include "pg_store.h"
#include "pkcs11_provider.h"
#include "session_identity.h"
#include "session_table.h"
#include "zt/auth/token_verifier.h"
#include "zt/base/clock.h"
#include "zt/crypto/random.h"
#include "zt/pg/migrations.h"
#include "zt/pg/pool.h"
#include "zt/server/revocation_feed.h"

namespace zt::kms {

// The embedded services/kms/migrations.
std::span<const pg::Migration> kms_migrations();

struct KmsOptions {
  std::string domain = "kms.local";  // the <kms-domain> of every URI
  crypto::SecretBytes master_key_file;  // contents of the key file (may be empty with hsm)
  std::string master_key_path;       // where it is, for reload on rotation (may be empty)
  auth::JwksFetcher jwks;            // Control Hub's token keys
  std::chrono::milliseconds key_cache_ttl{60'000};
  size_t key_cache_capacity = 10'000;
  KmsApiOptions api;
  // Control Hub's revocation feed (Redis); unset: revoked principals are
  // not checked (tokens still expire).
  std::optional<redis::Options> revocations;
  // The identity of sealed sessions (load_or_create_session_identity).
  SessionIdentityFiles identity;
  SessionOptions sessions;
  size_t workers = 16;  // threads that run RPCs (they block on PostgreSQL)
  // Master keys in an HSM (PKCS#11). With a key file too, both are loaded
  // (a rotation from the file to the HSM); versions must not collide.
  std::optional<Pkcs11Options> hsm;
  // How often the audit chain is verified in the background (0: never).
  std::chrono::milliseconds audit_verify_interval{0};
};

class KmsApp {
 public:
  KmsApp(pg::Pool& pool, const Clock& clock, crypto::RandomSource& random, KmsOptions options,
         prometheus::Registry* registry);

  // A gRPC service over this app; the app must outlive it.
  std::unique_ptr<KmsGrpcService> make_grpc_service();

  Store& store() { return store_; }
  KmsApi& api() { return api_; }
  KeyCache& cache() { return cache_; }
  MasterKeyProvider& master_keys() { return *master_keys_; }
  const UriCodec& uris() const { return uris_; }
  const SessionIdentity& identity() const { return identity_; }
  SessionTable& sessions() { return sessions_; }

 private:
  KmsOptions options_;
  UriCodec uris_;
  PgStore store_;
  std::unique_ptr<MasterKeyProvider> master_keys_;
  KeyCache cache_;
  std::optional<KmsMetrics> metrics_;
  auth::TokenVerifier verifier_;
  auth::RevocationList revoked_;
  std::unique_ptr<server::RevocationFeed> revocation_feed_;  // null without options.revocations
  Authenticator authenticator_;
  KmsApi api_;
  SessionIdentity identity_;
  SessionTable sessions_;
  std::unique_ptr<AuditWatch> audit_watch_;  // null without audit_verify_interval
};

}  // namespace zt::kms
