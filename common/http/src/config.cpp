#include "zt/http/config.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace zt::http {

namespace {

using config::Type;

class Keys {
 public:
  explicit Keys(std::string_view service) : prefix_(std::string(service) + ".http_") {}
  std::string operator()(std::string_view name) const { return prefix_ + std::string(name); }

 private:
  std::string prefix_;
};

int64_t positive(const config::Config& cfg, const std::string& key) {
  int64_t v = cfg.get_int(key);
  if (v <= 0) throw config::ConfigError(key + " must be positive");
  return v;
}

std::chrono::milliseconds millis(const config::Config& cfg, const std::string& key) {
  return std::chrono::milliseconds(positive(cfg, key));
}

std::vector<std::string> split_paths(const std::string& list) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t comma = std::min(list.find(',', start), list.size());
    std::string path = list.substr(start, comma - start);
    path.erase(0, path.find_first_not_of(' '));
    path.erase(path.find_last_not_of(' ') + 1);
    if (!path.empty()) out.push_back(path);
    start = comma + 1;
  }
  return out;
}

}  // namespace

void add_http_config_keys(config::Schema& schema, std::string_view service,
                          std::string_view default_address,
                          std::string_view default_rate_limited_paths) {
  Keys key(service);
  schema.add(
      {key("address"), Type::kString, std::string(default_address), "HTTP listener (host:port)"});
  schema.add({key("tls_cert_file"), Type::kString, "",
              "HTTP certificate chain (PEM); with http_tls_key_file the listener is HTTPS only"});
  schema.add(
      {key("tls_key_file"), Type::kString, "", "HTTP private key (PEM)", /*secret_file=*/true});
  schema.add({key("handshake_timeout_ms"), Type::kInt, "10000",
              "HTTP: a client must finish the TLS handshake within this time of connecting"});
  schema.add({key("header_timeout_ms"), Type::kInt, "10000",
              "HTTP: a request's line and headers must arrive within this time (first request: "
              "from connect or "
              "handshake; later ones: from their first byte)"});
  schema.add({key("body_timeout_ms"), Type::kInt, "30000",
              "HTTP: a request body must arrive within this time of its headers"});
  schema.add({key("idle_timeout_ms"), Type::kInt, "60000",
              "HTTP: a keep-alive connection with no request for this long is closed"});
  schema.add({key("write_timeout_ms"), Type::kInt, "30000",
              "HTTP: a response must be taken by the client within this time"});
  schema.add({key("max_connections"), Type::kInt, "1024",
              "HTTP: connections served at once; one more is answered 503 and closed"});
  schema.add({key("max_connections_per_address"), Type::kInt, "64",
              "HTTP: connections served at once from one client address (IPv6: one /64); one more "
              "is answered 503"});
  schema.add({key("rate_limited_paths"), Type::kString, std::string(default_rate_limited_paths),
              "HTTP: comma-separated paths whose requests are rate limited per client address (429 "
              "past the limit)"});
  schema.add({key("rate_limit_per_s"), Type::kDouble, "5",
              "HTTP: requests per second one client address may make to the rate-limited paths, on "
              "average"});
  schema.add({key("rate_limit_burst"), Type::kInt, "20",
              "HTTP: requests one client address may make to the rate-limited paths at once"});
}

HttpServerOptions http_server_options(const config::Config& cfg, std::string_view service) {
  Keys key(service);
  HttpServerOptions o;
  o.service = std::string(service);
  o.tls = {cfg.get_string(key("tls_cert_file")), cfg.get_string(key("tls_key_file"))};
  o.limits.handshake_timeout = millis(cfg, key("handshake_timeout_ms"));
  o.limits.header_timeout = millis(cfg, key("header_timeout_ms"));
  o.limits.body_timeout = millis(cfg, key("body_timeout_ms"));
  o.limits.idle_timeout = millis(cfg, key("idle_timeout_ms"));
  o.limits.write_timeout = millis(cfg, key("write_timeout_ms"));
  o.limits.max_connections = static_cast<std::size_t>(positive(cfg, key("max_connections")));
  o.limits.max_connections_per_address =
      static_cast<std::size_t>(positive(cfg, key("max_connections_per_address")));
  o.rate_limit.paths = split_paths(cfg.get_string(key("rate_limited_paths")));
  o.rate_limit.per_second = cfg.get_double(key("rate_limit_per_s"));
  if (!(o.rate_limit.per_second > 0))
    throw config::ConfigError(key("rate_limit_per_s") + " must be positive");
  o.rate_limit.burst = static_cast<double>(positive(cfg, key("rate_limit_burst")));
  return o;
}

}  // namespace zt::http
