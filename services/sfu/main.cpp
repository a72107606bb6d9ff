// zt-sfu: the media relay. Reads config into an SfuApp (router, UDP workers,
// grant verifier, metrics, gRPC service) and the Redis meeting registry.
#include <fstream>
#include <sstream>
#include <thread>

#include "meeting_registry.h"
#include "sfu_app.h"
#include "zt/auth/http_jwks_fetcher.h"
#include "zt/crypto/random.h"
#include "zt/log/log.h"
#include "zt/server/chassis.h"

namespace {

zt::auth::JwkSet load_key_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read sfu.trusted_jwks_file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  auto keys = zt::auth::JwkSet::parse(ss.str());
  if (!keys) throw std::runtime_error("sfu.trusted_jwks_file " + path + " is not a JWK Set");
  return *keys;
}

// The keys that sign media grants: the Delivery Service's JWKS
// (sfu.grant_jwks_url), plus, when sfu.trusted_jwks_file is set, the keys in
// that file (load tests and the local demo sign their own grants).
zt::auth::JwksFetcher grant_keys(const zt::config::Config& cfg) {
  std::string url = cfg.get_string("sfu.grant_jwks_url");
  std::string file = cfg.get_string("sfu.trusted_jwks_file");
  if (url.empty() && file.empty()) {
    zt::log::warn("neither sfu.grant_jwks_url nor sfu.trusted_jwks_file is set: every Join will be refused");
    return zt::auth::static_jwks(zt::auth::JwkSet());
  }
  std::vector<zt::auth::Jwk> extra = file.empty() ? std::vector<zt::auth::Jwk>{} : load_key_file(file).keys();
  if (url.empty()) return zt::auth::static_jwks(zt::auth::JwkSet(extra));
  zt::auth::JwksFetcher fetch = zt::auth::http_jwks_fetcher(url);
  return [fetch, extra]() -> std::optional<std::string> {
    auto json = fetch();
    if (extra.empty()) return json;
    std::optional<zt::auth::JwkSet> fetched;
    if (json) {
      if (auto parsed = zt::auth::JwkSet::parse(*json)) fetched = std::move(*parsed);
    }
    std::vector<zt::auth::Jwk> keys = fetched ? fetched->keys() : std::vector<zt::auth::Jwk>{};
    keys.insert(keys.end(), extra.begin(), extra.end());
    return zt::auth::JwkSet(std::move(keys)).to_json();
  };
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
  schema.add({"sfu.grant_jwks_url", Type::kString, "http://127.0.0.1:8003/v1/.well-known/jwks.json",
              "the Delivery Service's JWKS of the keys that sign media grants (fetched, cached, refetched "
              "on an unknown kid)"});
  schema.add({"sfu.trusted_jwks_file", Type::kString, "",
              "optional JWK Set file of further grant keys (load tests that sign their own grants)"});
  schema.add({"sfu.node_id", Type::kString, "sfu-local", "this node's id in the Redis registry"});
  schema.add({"sfu.redis_registry", Type::kBool, "true", "publish meeting -> node in Redis"});
  schema.add({"sfu.consent_timeout_ms", Type::kInt, "30000",
              "a transport without consent (RFC 7675) for this long is unbound and removed"});
  schema.add({"sfu.max_sessions", Type::kInt, "10000", "sessions on this node (more Joins: RESOURCE_EXHAUSTED)"});
  schema.add({"sfu.max_sessions_per_meeting", Type::kInt, "1000",
              "sessions of one meeting on this node (more Joins: RESOURCE_EXHAUSTED)"});
  schema.add({"sfu.nack_bytes_per_second", Type::kInt, "262144", "NACK resend budget per subscriber, bytes/s"});
  schema.add({"sfu.audio_last_n", Type::kInt, "3",
              "audio forwarded from the loudest this many speakers of a meeting (RFC 6464 levels)"});
  schema.add({"sfu.nack_burst_bytes", Type::kInt, "65536", "NACK resend budget per subscriber, burst bytes"});
}

}  // namespace

int main(int argc, char** argv) {
  zt::config::Schema schema = zt::server::chassis_schema("sfu", 7004, 9104);
  zt::server::add_redis_keys(schema);
  add_sfu_keys(schema);
  return zt::server::run_service("sfu", schema, argc, argv, [](zt::server::Chassis& c) {
    const auto& cfg = c.config();
    zt::sfu::SfuAppOptions o;
    o.router.consent_timeout = std::chrono::milliseconds(positive(cfg, "sfu.consent_timeout_ms"));
    o.router.nack_bytes_per_second = static_cast<uint64_t>(positive(cfg, "sfu.nack_bytes_per_second"));
    o.router.speakers.last_n = static_cast<size_t>(positive(cfg, "sfu.audio_last_n"));
    o.router.nack_burst_bytes = static_cast<uint64_t>(positive(cfg, "sfu.nack_burst_bytes"));
    o.service.max_sessions = static_cast<size_t>(positive(cfg, "sfu.max_sessions"));
    o.service.max_sessions_per_meeting = static_cast<size_t>(positive(cfg, "sfu.max_sessions_per_meeting"));
    o.worker.gso = cfg.get_bool("sfu.gso");
    int64_t workers = cfg.get_int("sfu.workers");
    o.workers = workers > 0 ? static_cast<size_t>(workers) : std::max(1u, std::thread::hardware_concurrency());
    o.udp_address = cfg.get_string("sfu.udp_address");
    o.public_udp_address = cfg.get_string("sfu.public_udp_address");
    // Kept before the app, so it outlives the service that uses it.
    zt::sfu::MeetingRegistry* meetings = nullptr;
    if (cfg.get_bool("sfu.redis_registry")) {
      meetings = &c.keep(std::make_unique<zt::sfu::RedisMeetingRegistry>(c.redis(), cfg.get_string("sfu.node_id")));
    }
    auto& app = c.keep(std::make_unique<zt::sfu::SfuApp>(
        o, grant_keys(cfg), zt::SystemClock::instance(),
        [](zt::MutableBytesView out) { zt::crypto::SystemRandom::instance().fill(out); }, meetings, &c.registry()));
    c.server().add_service(&app.service());  // the chassis stops the server before it destroys the app
    c.on_drain([&app] { app.shutdown(); });
    app.start();
    zt::log::info("sfu media", {{"udp_address", zt::sfu::to_string(app.udp_endpoint())},
                                {"workers", std::to_string(app.workers())}});
  });
}
