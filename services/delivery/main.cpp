// zt-delivery: the MLS Delivery Service (KeyPackage directory, groups for
// meetings and calls, the ordered group log and its fan-out).
#include "delivery_app.h"
#include "zt/pg/placeholder_schema.h"
#include "zt/auth/http_jwks_fetcher.h"
#include "zt/log/log.h"
#include "zt/server/chassis.h"

int main(int argc, char** argv) {
  using zt::config::Type;
  zt::config::Schema schema = zt::server::chassis_schema("delivery", 7003, 9103);
  zt::server::add_postgres_keys(schema);
  zt::server::add_redis_keys(schema);
  schema.add({"delivery.max_participants", Type::kInt, "1000",
              "largest E2EE meeting (MLS group) accepted"});
  schema.add({"delivery.grant_key_file", Type::kString, "",
              "file holding the key that signs SFU media grants",
              /*secret_file=*/true});
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
    auto& app = c.keep(std::make_unique<zt::delivery::DeliveryApp>(
        db, &c.redis(), c.redis_options(), zt::SystemClock::instance(), std::move(opts),
        &c.registry()));
    c.add_service(app.make_grpc_service());
    c.on_drain([&app] { app.stop_streams(); });
  });
}
