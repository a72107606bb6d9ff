// Chassis: owns config, metrics, the gRPC server and the storage clients.
#include "zt/server/chassis.h"

#include <cstdio>
#include <thread>

#include "service_program.h"
#include "zt/log/log.h"

namespace zt::server {

Chassis::Chassis(std::string service, config::Config config)
    : service_(std::move(service)),
      config_(std::move(config)),
      registry_(std::make_shared<prometheus::Registry>()),
      metrics_(std::make_unique<metrics::Exposer>(config_.get_string("metrics.address"), registry_)),
      server_(GrpcServerOptions::from_config(config_), registry_) {}

Chassis::~Chassis() {
  drain();
  // Last kept, first destroyed: a dependency handed over before its users
  // outlives them, as members and locals do.
  while (!owned_.empty()) owned_.pop_back();
}

int Chassis::metrics_port() const { return metrics_->port(); }

pg::Pool& Chassis::postgres(std::span<const pg::Migration> migrations) {
  if (pool_) return *pool_;
  pg::PoolOptions o;
  o.uri = config_.get_string("postgres.uri");
  o.password = config_.read_secret("postgres.password_file");
  o.size = static_cast<std::size_t>(std::max<int64_t>(1, config_.get_int("postgres.pool_size")));
  auto pool = std::make_unique<pg::Pool>(std::move(o));
  pool->export_metrics(*registry_);
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::milliseconds(config_.get_int("postgres.startup_wait_ms"));
  for (;;) {
    try {
      pool->check();
      break;
    } catch (const pg::PoolError&) {
      if (std::chrono::steady_clock::now() >= deadline) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
  }
  auto applied = pool->run([&](pqxx::connection& c) { return pg::migrate(c, service_, migrations); });
  log::info("postgres ready", {log::field("migrations_applied", applied.size()),
                               log::field("migrations_known", migrations.size())});
  pool_ = std::move(pool);
  return *pool_;
}

redis::Options Chassis::redis_options() const {
  redis::Options o;
  o.host = config_.get_string("redis.host");
  o.port = static_cast<int>(config_.get_int("redis.port"));
  o.connect_timeout = o.command_timeout = std::chrono::milliseconds(config_.get_int("redis.timeout_ms"));
  return o;
}

redis::Client& Chassis::redis() {
  if (!redis_) redis_ = std::make_unique<redis::Client>(redis_options());
  return *redis_;
}

int Chassis::serve() {
  server_.set_serving(service_, api_implemented_);
  server_.start();
  if (!api_implemented_) {
    log::warn("placeholder: the service API is not implemented yet; health reports it NOT_SERVING",
              {log::field("health_service", service_)});
  }
  log::info("serving", {log::field("grpc_port", server_.port()), log::field("metrics_port", metrics_port())});
  const int sig = wait_for_termination_signal();
  log::info("draining", {log::field("signal", sig)});
  drain();
  log::info("stopped");
  return 0;
}

void Chassis::drain() {
  if (drained_) return;
  drained_ = true;
  server_.set_not_serving();
  for (auto& hook : drain_hooks_) hook();
  server_.shutdown();
}

namespace {

std::string binary_name(const char* argv0, std::string_view service) {
  std::string_view path = argv0 != nullptr ? argv0 : "";
  auto slash = path.rfind('/');
  std::string name(slash == std::string_view::npos ? path : path.substr(slash + 1));
  return name.empty() ? "zt-" + std::string(service) : name;
}

}  // namespace

int run_service(std::string_view service, const config::Schema& schema, int argc, char** argv,
                const SetupFn& setup) {
  install_termination_handlers();
  log::init(service, "info");
  const config::Program program =
      service_program(service, binary_name(argc > 0 ? argv[0] : nullptr, service), schema);
  std::unique_ptr<Chassis> chassis;
  try {
    config::Invocation inv = config::parse_command_line(program, argc, argv);
    if (inv.command == nullptr) {
      std::fputs(inv.output.c_str(), stdout);
      return 0;
    }
    log::init(service, inv.config.get_string("log.level"));
    chassis = std::make_unique<Chassis>(std::string(service), std::move(inv.config));
  } catch (const config::ConfigError& e) {
    log::error("invalid configuration", {log::field("error", e.what())});
    return 2;
  } catch (const std::invalid_argument& e) {
    log::error("invalid configuration", {log::field("error", e.what())});
    return 2;
  } catch (const std::exception& e) {
    log::error("startup failed", {log::field("error", e.what())});
    return 1;
  }
  try {
    setup(*chassis);
    return chassis->serve();
  } catch (const std::exception& e) {
    log::error("startup failed", {log::field("error", e.what())});
    return 1;
  }
}

}  // namespace zt::server
