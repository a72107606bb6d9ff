// zt-delivery: the MLS Delivery Service. For now: the chassis (health,
// metrics, config, migrations, Redis); the Delivery gRPC service plugs in here.
#include "zt/server/chassis.h"
#include "zt_delivery_migrations.h"

int main(int argc, char** argv) {
  zt::config::Schema schema = zt::server::chassis_schema("delivery", 7003, 9103);
  zt::server::add_postgres_keys(schema);
  zt::server::add_redis_keys(schema);
  schema.add({"delivery.max_participants", zt::config::Type::kInt, "1000",
              "largest E2EE meeting (MLS group) accepted"});
  schema.add({"delivery.grant_key_file", zt::config::Type::kString, "",
              "file holding the key that signs SFU media grants", /*secret_file=*/true});
  return zt::server::run_service("delivery", schema, argc, argv, [](zt::server::Chassis& c) {
    c.mark_api_unimplemented();  // zt.delivery.v1 is not served yet: health says so
    c.postgres(zt_delivery_migrations());
    c.redis();
  });
}
