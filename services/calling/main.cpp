// zt-calling: call control and the SRTP <-> E2EE media-security state
// machine. For now: the chassis (health, metrics, config, migrations, Redis);
// the Calling gRPC service plugs in here.
#include "zt/server/chassis.h"
#include "zt_calling_migrations.h"

int main(int argc, char** argv) {
  zt::config::Schema schema = zt::server::chassis_schema("calling", 7005, 9105);
  zt::server::add_postgres_keys(schema);
  zt::server::add_redis_keys(schema);
  schema.add({"calling.controlhub_address", zt::config::Type::kString, "127.0.0.1:7001",
              "zt-controlhub gRPC address (org policy)"});
  schema.add({"calling.delivery_address", zt::config::Type::kString, "127.0.0.1:7003",
              "zt-delivery gRPC address (MLS groups for E2EE calls)"});
  return zt::server::run_service("calling", schema, argc, argv, [](zt::server::Chassis& c) {
    c.mark_api_unimplemented();  // zt.calling.v1 is not served yet: health says so
    c.postgres(zt_calling_migrations());
    c.redis();
  });
}
