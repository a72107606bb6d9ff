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

int64_t positive(const zt::config::Config& cfg, const std::string& key) {
  int64_t v = cfg.get_int(key);
  if (v <= 0) throw std::runtime_error(key + " must be positive");
  return v;
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
  schema.add({"sfu.consent_timeout_ms", Type::kInt, "30000",
              "a transport without consent (RFC 7675) for this long is unbound and removed"});
  schema.add({"sfu.max_sessions", Type::kInt, "10000", "sessions on this node (more Joins: RESOURCE_EXHAUSTED)"});
  schema.add({"sfu.max_sessions_per_meeting", Type::kInt, "1000",
              "sessions of one meeting on this node (more Joins: RESOURCE_EXHAUSTED)"});
  schema.add({"sfu.nack_bytes_per_second", Type::kInt, "262144", "NACK resend budget per subscriber, bytes/s"});
  schema.add({"sfu.nack_burst_bytes", Type::kInt, "65536", "NACK resend budget per subscriber, burst bytes"});
}

}  // namespace

int main(int argc, char** argv) {
  zt::config::Schema schema = zt::server::chassis_schema("sfu", 7004, 9104);
  zt::server::add_redis_keys(schema);
  add_sfu_keys(schema);
  return zt::server::run_service("sfu", schema, argc, argv, [](zt::server::Chassis& c) {
    const auto& cfg = c.config();
    zt::sfu::RouterOptions ro;
    ro.consent_timeout = std::chrono::milliseconds(positive(cfg, "sfu.consent_timeout_ms"));
    ro.nack_bytes_per_second = static_cast<uint64_t>(positive(cfg, "sfu.nack_bytes_per_second"));
    ro.nack_burst_bytes = static_cast<uint64_t>(positive(cfg, "sfu.nack_burst_bytes"));
    zt::sfu::SfuServiceOptions so;
    so.max_sessions = static_cast<size_t>(positive(cfg, "sfu.max_sessions"));
    so.max_sessions_per_meeting = static_cast<size_t>(positive(cfg, "sfu.max_sessions_per_meeting"));
    auto router = std::make_unique<zt::sfu::Router>(
        ro, [](zt::MutableBytesView out) { zt::crypto::SystemRandom::instance().fill(out); },
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
                                                          zt::SystemClock::instance(), registry.get(), so);
    // The chassis destroys what it holds last first, so hand over the router
    // first and its users after it: the UDP workers (their threads stop),
    // the metrics thread and the service go before the router they use.
    c.keep(std::move(router));
    c.keep(std::move(verifier));
    if (registry) c.keep(std::move(registry));
    auto& udp_ref = c.keep(std::move(udp));
    c.keep(std::move(metrics));
    auto& service_ref = c.add_service(std::move(service));
    c.on_drain([&service_ref] { service_ref.shutdown(); });
    udp_ref.start();
    zt::log::info("sfu media", {{"udp_address", zt::sfu::to_string(udp_ref.local_endpoint())},
                                {"workers", std::to_string(n)}});
  });
}
