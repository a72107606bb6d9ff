// zt-kms: standard-mode key management. For now: the chassis (health,
// metrics, config, migrations); the Kms gRPC service plugs in here.
#include "zt/server/chassis.h"
#include "zt_kms_migrations.h"

int main(int argc, char** argv) {
  zt::config::Schema schema = zt::server::chassis_schema("kms", 7002, 9102);
  zt::server::add_postgres_keys(schema);
  schema.add({"kms.master_key_file", zt::config::Type::kString, "",
              "file holding the master key (KEK) that wraps content keys", /*secret_file=*/true});
  schema.add({"kms.hds_mode", zt::config::Type::kBool, "false",
              "run as Hybrid Data Security (customer on-prem) instance"});
  return zt::server::run_service("kms", schema, argc, argv, [](zt::server::Chassis& c) {
    c.mark_api_unimplemented();  // zt.kms.v1 is not served yet: health says so
    c.postgres(zt_kms_migrations());
  });
}
