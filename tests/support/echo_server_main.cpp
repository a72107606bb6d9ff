// zt-test-echo-server: the Echo test service on the chassis (tests only).
#include "zt/server/chassis.h"
#include "zt/testing/echo_service.h"

int main(int argc, char** argv) {
  zt::config::Schema schema = zt::server::chassis_schema("echo", 0, 0);
  schema.add({"echo.greeting_file", zt::config::Type::kString, "", "test secret file", /*secret_file=*/true});
  return zt::server::run_service("echo", schema, argc, argv, [](zt::server::Chassis& c) {
    auto& echo = c.add_service(std::make_unique<zt::testing::EchoService>());
    c.on_drain([&echo] { echo.stop(); });
  });
}
