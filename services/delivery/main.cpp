// zt-delivery: the MLS Delivery Service (KeyPackage directory, groups for
// meetings and calls, the ordered group log and its fan-out, the meeting
// policy, media grants and their JWKS over HTTP).
#include "delivery_app.h"
#include "zt/pg/placeholder_schema.h"
#include "zt/auth/http_jwks_fetcher.h"
#include "zt/http/config.h"
#include "zt/log/log.h"
#include "zt/server/chassis.h"

namespace {

// The meeting policy, Control Hub, the media grants and their JWKS listener.
void add_policy_keys(zt::config::Schema& schema) {
  using zt::config::Type;
  schema.add({"delivery.max_participants", Type::kInt, "1000",
              "largest E2EE meeting (MLS group leaves) accepted"});
  schema.add({"delivery.controlhub_address", Type::kString, "127.0.0.1:7001",
              "Control Hub's gRPC listener (device kinds, org policy)"});
  schema.add({"delivery.controlhub_token_url", Type::kString,
              "http://127.0.0.1:8001/v1/oauth/token",
              "where the Delivery Service gets its Control Hub service token"});
  schema.add({"delivery.controlhub_credentials_file", Type::kString, "",
              "JSON {\"clientId\",\"clientSecret\"} of the DS's Control Hub service principal; "
              "unset: device kinds and org policy are not checked",
              /*secret_file=*/true});
  schema.add({"delivery.device_cache_s", Type::kInt, "60",
              "how long a device's kind from Control Hub is reused"});
  schema.add({"delivery.media_grant_ttl_s", Type::kInt, "300", "lifetime of a media grant"});
  schema.add({"delivery.grant_key_rotation_s", Type::kInt, "86400",
              "rotation period of the media-grant keys (longer than a grant's lifetime)"});
  // No listener unless configured (the local stack and the chart use :8003,
  // where the SFU's default sfu.grant_jwks_url looks).
  zt::http::add_http_config_keys(schema, "delivery", "");
}

int64_t positive(const zt::config::Config& cfg, const std::string& key) {
  int64_t v = cfg.get_int(key);
  if (v <= 0) throw zt::config::ConfigError(key + " must be positive");
  return v;
}

void read_policy_keys(const zt::config::Config& cfg, zt::delivery::DeliveryOptions& opts) {
  opts.policy.max_participants = static_cast<uint32_t>(positive(cfg, "delivery.max_participants"));
  opts.controlhub.address = cfg.get_string("delivery.controlhub_address");
  opts.controlhub.token_url = cfg.get_string("delivery.controlhub_token_url");
  zt::crypto::SecretBytes creds = cfg.read_secret("delivery.controlhub_credentials_file");
  if (creds.empty()) {
    zt::log::warn(
        "delivery.controlhub_credentials_file not set: device kinds and org policy are not "
        "checked (zero-trust meetings admit every device)");
  } else {
    opts.controlhub.credentials = zt::delivery::parse_service_credentials(creds);
  }
  opts.controlhub.device_cache_ttl = std::chrono::seconds(positive(cfg, "delivery.device_cache_s"));
  opts.grant_keys.grant_ttl = std::chrono::seconds(positive(cfg, "delivery.media_grant_ttl_s"));
  opts.grant_keys.rotation = std::chrono::seconds(positive(cfg, "delivery.grant_key_rotation_s"));
  opts.http_address = cfg.get_string("delivery.http_address");
  if (opts.http_address.empty()) {
    zt::log::warn("delivery.http_address not set: no media-grant JWKS over HTTP for the SFU");
  }
  opts.http = zt::http::http_server_options(cfg, "delivery");
}

}  // namespace

int main(int argc, char** argv) {
  using zt::config::Type;
  zt::config::Schema schema = zt::server::chassis_schema("delivery", 7003, 9103);
  zt::server::add_postgres_keys(schema);
  zt::server::add_redis_keys(schema);
  add_policy_keys(schema);
  schema.add({"delivery.controlhub_jwks_url", Type::kString,
              "http://127.0.0.1:8001/v1/.well-known/jwks.json",
              "where Control Hub publishes the keys of its bearer tokens"});
  schema.add({"delivery.signing_key_file", Type::kString, "",
              "file with the hex Ed25519 seed of the DS's external-sender key (the same for every "
              "replica); "
              "unset: a fresh key per process",
              /*secret_file=*/true});
  schema.add(
      {"delivery.stream_threads", Type::kInt, "2", "threads for the stream reads from PostgreSQL"});
  schema.add({"delivery.commit_interval_ms", Type::kInt, "250",
              "batched joins: a group's designated committer is asked to commit at most this often"});
  schema.add({"delivery.committer_deadline_ms", Type::kInt, "2000",
              "batched joins: after this long without a commit the next connected member is asked"});
  schema.add({"delivery.public_view_cache_groups", Type::kInt, "256",
              "groups whose public view (ratchet tree) a replica keeps between commits"});
  return zt::server::run_service("delivery", schema, argc, argv, [](zt::server::Chassis& c) {
    const auto& cfg = c.config();
    zt::pg::Pool& db = c.postgres(zt::delivery::delivery_migrations());
    // The placeholder 0001 of an earlier build created ds_group_log, ds_groups
    // and ds_key_packages; only the real schema has ds_welcomes.
    const zt::pg::PlaceholderSchema placeholder{
        "delivery", "ds_group_log", "ds_welcomes", {"ds_group_log", "ds_groups", "ds_key_packages"}};
    if (zt::pg::replace_placeholder_schema(db, placeholder, zt::delivery::delivery_migrations())) {
      zt::log::info(
          "replaced the placeholder delivery schema of an earlier build (it held no data)");
    }
    zt::delivery::DeliveryOptions opts;
    opts.jwks = zt::auth::http_jwks_fetcher(cfg.get_string("delivery.controlhub_jwks_url"));
    opts.signing_key_hex = cfg.read_secret("delivery.signing_key_file");
    if (opts.signing_key_hex.empty()) {
      zt::log::warn(
          "delivery.signing_key_file not set: a fresh external-sender key for this process only");
    }
    opts.stream_threads = static_cast<int>(cfg.get_int("delivery.stream_threads"));
    auto at_least_1 = [&](const char* key) { return std::max<int64_t>(1, cfg.get_int(key)); };
    opts.committer.interval = std::chrono::milliseconds(at_least_1("delivery.commit_interval_ms"));
    opts.committer.deadline = std::chrono::milliseconds(at_least_1("delivery.committer_deadline_ms"));
    opts.view_cache_groups = static_cast<std::size_t>(at_least_1("delivery.public_view_cache_groups"));
    read_policy_keys(cfg, opts);
    auto& app = c.keep(std::make_unique<zt::delivery::DeliveryApp>(
        db, &c.redis(), c.redis_options(), zt::SystemClock::instance(), std::move(opts),
        &c.registry()));
    c.add_service(app.make_grpc_service());
    c.on_drain([&app] { app.stop_streams(); });
  });
}
