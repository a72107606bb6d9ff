// The <service>.http_* config keys of an HTTP listener (address, TLS files,
// per-phase timeouts, connection cap) and the options they give. The keys'
// descriptions are their documentation (`zt-<service> --help`).
#pragma once

#include <string>
#include <string_view>

#include "zt/config/config.h"
#include "zt/http/server_options.h"

namespace zt::http {

// Adds <service>.http_address (default `default_address`) and the rest.
void add_http_config_keys(config::Schema& schema, std::string_view service, std::string_view default_address);

// The options the keys give, named after `service`. Throws config::ConfigError
// naming the key if a timeout or the cap is not positive.
HttpServerOptions http_server_options(const config::Config& cfg, std::string_view service);

}  // namespace zt::http
