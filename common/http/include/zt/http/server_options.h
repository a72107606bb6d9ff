// What an HTTP listener is configured with: the service it belongs to, TLS
// files, the time each phase of a connection may take, and how many
// connections it serves at once. Defaults are the <service>.http_* config
// defaults (config.h).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace zt::http {

// PEM file paths. Both empty: plain HTTP. Both set: HTTPS only. One set: error.
struct HttpTlsOptions {
  std::string cert_file;  // certificate chain, leaf first
  std::string key_file;   // private key (secret: contents never logged)
  bool enabled() const { return !cert_file.empty() || !key_file.empty(); }
};

// A connection that overruns a phase is closed (and counted by phase).
struct HttpLimits {
  std::chrono::milliseconds handshake_timeout{10'000};  // TCP accept -> TLS handshake done
  std::chrono::milliseconds header_timeout{
      10'000};  // request line + headers (first request: from accept
                // or handshake; later ones: from their first byte)
  std::chrono::milliseconds body_timeout{30'000};  // end of headers -> end of body
  std::chrono::milliseconds idle_timeout{
      60'000};  // keep-alive: response sent -> next request's first byte
  std::chrono::milliseconds write_timeout{30'000};  // one response (or TLS close_notify) written
  // Connections served at once; one more is answered 503 and closed.
  std::size_t max_connections = 1024;
  // The same from one source (an IPv4 address or an IPv6 /64, address_limits.h),
  // so one client cannot take every connection.
  std::size_t max_connections_per_address = 64;
};

// Requests to `paths` from one source, as a token bucket: `burst` at once,
// refilled at `per_second`; past that a request is answered 429.
struct RateLimitOptions {
  std::vector<std::string> paths;  // exact paths (no query); empty: no limit
  double per_second = 5;
  double burst = 20;
};

struct HttpServerOptions {
  HttpTlsOptions tls;
  HttpLimits limits;
  RateLimitOptions rate_limit;
  // Names the listener: metrics zt_<service>_http_*, header Server: zt-<service>
  // (empty: zt_http_* and zt).
  std::string service;
};

// "zt-<service>", or "zt" for an unnamed listener.
std::string server_name(const HttpServerOptions& options);

}  // namespace zt::http
