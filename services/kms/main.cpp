// zt-kms: standard-mode content keys bound to resources, wrapped under a
// rotating master key, with audited compliance access.
#include "kms_app.h"
#include "zt/pg/placeholder_schema.h"
#include "zt/auth/http_jwks_fetcher.h"
#include "zt/log/log.h"
#include "zt/server/chassis.h"

int main(int argc, char** argv) {
  using zt::config::Type;
  zt::config::Schema schema = zt::server::chassis_schema("kms", 7002, 9102);
  zt::server::add_postgres_keys(schema);
  zt::server::add_redis_keys(schema);
  schema.add({"kms.master_key_file", Type::kString, "",
              "file holding the master keys (KEK) that wrap content keys, one \"<version>:<64 "
              "hex>\" a line "
              "(default: <state_dir>/master.key, created on first start)",
              /*secret_file=*/true});
  schema.add({"kms.domain", Type::kString, "kms.local",
              "the <kms-domain> of key and resource URIs (kms://<domain>/...)"});
  schema.add({"kms.controlhub_jwks_url", Type::kString,
              "http://127.0.0.1:8001/v1/.well-known/jwks.json",
              "where Control Hub publishes the keys of its bearer tokens"});
  schema.add(
      {"kms.unbound_key_ttl_s", Type::kInt, "3600", "how long a created key may still be bound"});
  schema.add({"kms.key_cache_ttl_ms", Type::kInt, "60000",
              "how long an unwrapped key stays cached (0: no cache)"});
  schema.add({"kms.key_cache_size", Type::kInt, "10000", "most unwrapped keys cached at once"});
  schema.add({"kms.revocation_feed", Type::kBool, "true",
              "refuse tokens of principals Control Hub revoked, from its Redis feed (redis.*)"});
  schema.add({"kms.identity_key_file", Type::kString, "",
              "the KMS's Ed25519 identity key for sealed sessions (64 hex digits); with "
              "kms.certificate_file, its certificate from the org CA (default: both in state_dir, "
              "certified by a CA of the KMS's own, for development)",
              /*secret_file=*/true});
  schema.add({"kms.certificate_file", Type::kString, "",
              "PEM: the identity key's certificate (URI SAN zt:kms:<kms.domain>), then its chain"});
  schema.add({"kms.session_lifetime_s", Type::kInt, "3600", "how long a sealed session lasts"});
  schema.add({"kms.max_sessions", Type::kInt, "100000", "most sealed sessions held at once"});
  schema.add({"kms.workers", Type::kInt, "16",
              "threads that run RPCs (each blocks on PostgreSQL; see postgres.pool_size)"});
  schema.add({"kms.hsm_module", Type::kString, "",
              "PKCS#11 module of the HSM holding the master keys (e.g. "
              "/usr/lib/softhsm/libsofthsm2.so); empty: master keys from kms.master_key_file"});
  schema.add({"kms.hsm_token_label", Type::kString, "zt-kms", "the HSM token's label"});
  schema.add({"kms.hsm_pin_file", Type::kString, "", "file holding the token's user PIN",
              /*secret_file=*/true});
  schema.add({"kms.audit_verify_interval_s", Type::kInt, "3600",
              "how often the audit chain is verified in the background (0: never; "
              "zt_kms_audit_last_verified_seconds tells when it last was)"});
  schema.add({"kms.hds_mode", Type::kBool, "false",
              "run as Hybrid Data Security (customer on-prem) instance"});
  return zt::server::run_service("kms", schema, argc, argv, [](zt::server::Chassis& c) {
    const auto& cfg = c.config();
    zt::pg::Pool& db = c.postgres(zt::kms::kms_migrations());
    // The placeholder 0001 of an earlier build created these four tables;
    // only the real schema has kms_audit_head.
    const zt::pg::PlaceholderSchema placeholder{
        "kms", "kms_audit_log", "kms_audit_head",
        {"kms_audit_log", "kms_authorizations", "kms_content_keys", "kms_master_keys"}};
    if (zt::pg::replace_placeholder_schema(db, placeholder, zt::kms::kms_migrations())) {
      zt::log::info("replaced the placeholder kms schema of an earlier build (it held no data)");
    }
    zt::kms::KmsOptions opts;
    opts.domain = cfg.get_string("kms.domain");
    opts.master_key_path = cfg.get_string("kms.master_key_file");
    const bool hsm = !cfg.get_string("kms.hsm_module").empty();
    if (hsm) {
      // With an HSM, a key file is read only when configured (its versions
      // are being rotated into the token).
      opts.hsm = zt::kms::Pkcs11Options{cfg.get_string("kms.hsm_module"),
                                        cfg.get_string("kms.hsm_token_label"),
                                        cfg.read_secret("kms.hsm_pin_file")};
      opts.master_key_file = cfg.read_secret("kms.master_key_file");
    } else {
      opts.master_key_file = zt::kms::load_or_create_key_file(
          cfg.read_secret("kms.master_key_file"), cfg.get_string("state_dir"), nullptr,
          zt::crypto::SystemRandom::instance());
    }
    if (opts.master_key_path.empty() && !hsm) {
      opts.master_key_path = cfg.get_string("state_dir") + "/master.key";
      zt::log::warn("kms.master_key_file not set: using the local key file in state_dir",
                    {zt::log::field("file", opts.master_key_path)});
    }
    opts.jwks = zt::auth::http_jwks_fetcher(cfg.get_string("kms.controlhub_jwks_url"));
    opts.api.unbound_key_ttl = std::chrono::seconds(cfg.get_int("kms.unbound_key_ttl_s"));
    opts.key_cache_ttl = std::chrono::milliseconds(cfg.get_int("kms.key_cache_ttl_ms"));
    opts.key_cache_capacity = static_cast<size_t>(cfg.get_int("kms.key_cache_size"));
    opts.identity = zt::kms::load_or_create_session_identity(
        cfg.read_secret("kms.identity_key_file"), cfg.get_string("kms.certificate_file"),
        cfg.get_string("state_dir"), opts.domain);
    opts.sessions.lifetime = std::chrono::seconds(cfg.get_int("kms.session_lifetime_s"));
    opts.sessions.max_sessions = static_cast<size_t>(cfg.get_int("kms.max_sessions"));
    opts.audit_verify_interval =
        std::chrono::seconds(std::max<int64_t>(0, cfg.get_int("kms.audit_verify_interval_s")));
    opts.workers = static_cast<size_t>(std::max<int64_t>(1, cfg.get_int("kms.workers")));
    if (cfg.get_bool("kms.revocation_feed")) opts.revocations = c.redis_options();
    auto& app = c.keep(std::make_unique<zt::kms::KmsApp>(db, zt::SystemClock::instance(),
                                                         zt::crypto::SystemRandom::instance(),
                                                         std::move(opts), &c.registry()));
    c.add_service(app.make_grpc_service());
  });
}
