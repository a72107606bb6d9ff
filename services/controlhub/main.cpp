// zt-controlhub: the admin REST API, the org CA, tokens, and org policy
// over gRPC for the other services.
#include "controlhub_app.h"
#include "master_key.h"
#include "zt/http/config.h"
#include "zt/server/chassis.h"

int main(int argc, char** argv) {
  using zt::config::Type;
  zt::config::Schema schema = zt::server::chassis_schema("controlhub", 7001, 9101);
  zt::server::add_postgres_keys(schema);
  zt::server::add_redis_keys(schema);
  zt::http::add_http_config_keys(schema, "controlhub", "127.0.0.1:8001", "/v1/oauth/token");
  schema.add({"controlhub.master_key_file", Type::kString, "",
              "file with the master key sealing signing and CA keys (default: <state_dir>/master.key, "
              "created on first start)",
              /*secret_file=*/true});
  schema.add({"controlhub.bootstrap_file", Type::kString, "",
              "where the first admin credential is written (default: <state_dir>/bootstrap-admin.json)"});
  schema.add({"controlhub.bootstrap_org", Type::kString, "default", "name of the org created at first start"});
  schema.add({"controlhub.token_ttl_s", Type::kInt, "3600", "bearer token lifetime"});
  schema.add({"controlhub.certificate_validity_s", Type::kInt, "86400", "device certificate lifetime"});
  return zt::server::run_service("controlhub", schema, argc, argv, [](zt::server::Chassis& c) {
    const auto& cfg = c.config();
    zt::pg::Pool& db = c.postgres(zt::controlhub::controlhub_migrations());
    zt::controlhub::ControlHubOptions opts;
    opts.http_address = cfg.get_string("controlhub.http_address");
    opts.http = zt::http::http_server_options(cfg, "controlhub");
    std::string state_dir = cfg.get_string("state_dir");
    opts.master_secret = zt::controlhub::load_or_create_master_secret(
        cfg.read_secret("controlhub.master_key_file"), state_dir, zt::crypto::SystemRandom::instance());
    opts.bootstrap_file = cfg.get_string("controlhub.bootstrap_file");
    if (opts.bootstrap_file.empty()) opts.bootstrap_file = state_dir + "/bootstrap-admin.json";
    opts.bootstrap_org = cfg.get_string("controlhub.bootstrap_org");
    opts.token_ttl = std::chrono::seconds(cfg.get_int("controlhub.token_ttl_s"));
    opts.certificate_validity = std::chrono::seconds(cfg.get_int("controlhub.certificate_validity_s"));
    auto& app = c.keep(std::make_unique<zt::controlhub::ControlHubApp>(
        db, &c.redis(), c.redis_options(), zt::SystemClock::instance(), zt::crypto::SystemRandom::instance(), opts,
        &c.registry()));
    app.start();
    auto& grpc_service = c.add_service(app.make_grpc_service());
    c.on_drain([&grpc_service] { grpc_service.stop(); });
  });
}
