// zt-sfu: the media relay. Wires config to the Router, the UDP workers, the
// gRPC control plane, metrics and the Redis meeting registry.
#include <fstream>
#include <sstream>
#include <thread>

#include "media_grant.h"
#include "meeting_registry.h"
#include "router.h"
#include "sfu_metrics.h"
#include "sfu_service.h"
#include "udp_worker.h"
#include "zt/crypto/random.h"
#include "zt/log/log.h"
#include "zt/server/chassis.h"
#include "zt/stun/hmac_integrity_key.h"

namespace {

zt::auth::JwkSet load_trusted_keys(const std::string& path) {
  if (path.empty()) {
    zt::log::warn("sfu.trusted_jwks_file not set: every Join will be refused");
    return {};
  }
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read sfu.trusted_jwks_file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  auto keys = zt::auth::JwkSet::parse(ss.str());
  if (!keys) throw std::runtime_error("sfu.trusted_jwks_file " + path + " is not a JWK Set");
  return *keys;
}

void add_sfu_keys(zt::config::Schema& schema) {
  using zt::config::Type;
  schema.add({"sfu.udp_address", Type::kString, "127.0.0.1:10000", "UDP address for RTP/RTCP/STUN"});
  schema.add({"sfu.public_udp_address", Type::kString, "", "address told to clients (default: sfu.udp_address)"});
  schema.add({"sfu.workers", Type::kInt, "0", "UDP workers (0: one per core)"});
  schema.add({"sfu.gso", Type::kBool, "true", "send with UDP GSO when several packets go to one destination"});
  schema.add({"sfu.trusted_jwks_file", Type::kString, "", "JWK Set of the keys that sign media grants"});
  schema.add({"sfu.node_id", Type::kString, "sfu-local", "this node's id in the Redis registry"});
  schema.add({"sfu.redis_registry", Type::kBool, "true", "publish meeting -> node in Redis"});
}

}  // namespace

int main(int argc, char** argv) {
  zt::config::Schema schema = zt::server::chassis_schema("sfu", 7004, 9104);
  zt::server::add_redis_keys(schema);
  add_sfu_keys(schema);
  return zt::server::run_service("sfu", schema, argc, argv, [](zt::server::Chassis& c) {
    const auto& cfg = c.config();
    auto router = std::make_unique<zt::sfu::Router>(
        zt::sfu::RouterOptions{}, [](zt::MutableBytesView out) { zt::crypto::SystemRandom::instance().fill(out); },
        [](const std::string& pwd) { return std::make_unique<zt::stun::HmacIntegrityKey>(zt::as_bytes(pwd)); });
    zt::sfu::WorkerOptions wo;
    wo.gso = cfg.get_bool("sfu.gso");
    int64_t workers = cfg.get_int("sfu.workers");
    size_t n = workers > 0 ? static_cast<size_t>(workers) : std::max(1u, std::thread::hardware_concurrency());
    auto udp = std::make_unique<zt::sfu::UdpServer>(*router, zt::sfu::parse_endpoint(cfg.get_string("sfu.udp_address")),
                                                    n, wo);
    std::string public_address = cfg.get_string("sfu.public_udp_address");
    if (public_address.empty()) public_address = zt::sfu::to_string(udp->local_endpoint());
    auto verifier = std::make_unique<zt::sfu::MediaGrantVerifier>(
        load_trusted_keys(cfg.get_string("sfu.trusted_jwks_file")), zt::SystemClock::instance());
    std::unique_ptr<zt::sfu::RedisMeetingRegistry> registry;
    if (cfg.get_bool("sfu.redis_registry")) {
      registry = std::make_unique<zt::sfu::RedisMeetingRegistry>(c.redis(), cfg.get_string("sfu.node_id"));
    }
    auto metrics = std::make_unique<zt::sfu::SfuMetrics>(c.registry(), *router, udp->latency());
    auto service = std::make_unique<zt::sfu::SfuService>(*router, *verifier, public_address,
                                                          zt::SystemClock::instance(), registry.get());
    // The chassis destroys what it holds last first, so hand over the router
    // first and its users after it: the UDP workers (their threads stop),
    // the metrics thread and the service go before the router they use.
    c.keep(std::move(router));
    c.keep(std::move(verifier));
    if (registry) c.keep(std::move(registry));
    auto& udp_ref = c.keep(std::move(udp));
    c.keep(std::move(metrics));
    c.add_service(std::move(service));
    udp_ref.start();
    zt::log::info("sfu media", {{"udp_address", zt::sfu::to_string(udp_ref.local_endpoint())},
                                {"workers", std::to_string(n)}});
  });
}
