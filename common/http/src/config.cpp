#include "http_config.h"

#include <cstdint>

namespace zt::controlhub {

namespace {

using config::Type;

int64_t positive(const config::Config& cfg, const char* key) {
  int64_t v = cfg.get_int(key);
  if (v <= 0) throw config::ConfigError(std::string(key) + " must be positive");
  return v;
}

std::chrono::milliseconds millis(const config::Config& cfg, const char* key) {
  return std::chrono::milliseconds(positive(cfg, key));
}

}  // namespace

void add_http_config_keys(config::Schema& schema) {
  schema.add({"controlhub.http_address", Type::kString, "127.0.0.1:8001", "REST API and admin page (host:port)"});
  schema.add({"controlhub.http_tls_cert_file", Type::kString, "",
              "REST API certificate chain (PEM); with http_tls_key_file the REST listener is HTTPS only"});
  schema.add({"controlhub.http_tls_key_file", Type::kString, "", "REST API private key (PEM)", /*secret_file=*/true});
  schema.add({"controlhub.http_handshake_timeout_ms", Type::kInt, "10000",
              "REST: a client must finish the TLS handshake within this time of connecting"});
  schema.add({"controlhub.http_header_timeout_ms", Type::kInt, "10000",
              "REST: a request's line and headers must arrive within this time (first request: from connect or "
              "handshake; later ones: from their first byte)"});
  schema.add({"controlhub.http_body_timeout_ms", Type::kInt, "30000",
              "REST: a request body must arrive within this time of its headers"});
  schema.add({"controlhub.http_idle_timeout_ms", Type::kInt, "60000",
              "REST: a keep-alive connection with no request for this long is closed"});
  schema.add({"controlhub.http_write_timeout_ms", Type::kInt, "30000",
              "REST: a response must be taken by the client within this time"});
  schema.add({"controlhub.http_max_connections", Type::kInt, "1024",
              "REST: connections served at once; one more is answered 503 and closed"});
}

HttpServerOptions http_server_options(const config::Config& cfg) {
  HttpServerOptions o;
  o.tls = {cfg.get_string("controlhub.http_tls_cert_file"), cfg.get_string("controlhub.http_tls_key_file")};
  o.limits.handshake_timeout = millis(cfg, "controlhub.http_handshake_timeout_ms");
  o.limits.header_timeout = millis(cfg, "controlhub.http_header_timeout_ms");
  o.limits.body_timeout = millis(cfg, "controlhub.http_body_timeout_ms");
  o.limits.idle_timeout = millis(cfg, "controlhub.http_idle_timeout_ms");
  o.limits.write_timeout = millis(cfg, "controlhub.http_write_timeout_ms");
  o.limits.max_connections = static_cast<std::size_t>(positive(cfg, "controlhub.http_max_connections"));
  return o;
}

}  // namespace zt::controlhub
