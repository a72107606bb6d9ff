// The <service>.http_* config keys of an HTTP listener (address, TLS files,
// per-phase timeouts, connection caps, the per-source rate limit) and the
// options they give. The keys'
// descriptions are their documentation (`zt-<service> --help`).
#pragma once

#include <string>
#include <string_view>

#include "zt/config/config.h"
#include "zt/http/server_options.h"

namespace zt::http {

// Adds <service>.http_address (default `default_address`) and the rest;
// `default_rate_limited_paths`: comma-separated paths the per-source rate
// limit applies to unless configured otherwise.
void add_http_config_keys(config::Schema& schema, std::string_view service,
                          std::string_view default_address,
                          std::string_view default_rate_limited_paths = "");

// The options the keys give, named after `service`. Throws config::ConfigError
// naming the key if a timeout, a cap or a rate is not positive.
HttpServerOptions http_server_options(const config::Config& cfg, std::string_view service);

}  // namespace zt::http
