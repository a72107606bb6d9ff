// The controlhub.http_* config keys (the REST listener: address, TLS files,
// per-phase timeouts, connection cap) and the options they give. The keys'
// descriptions are their documentation (`zt-controlhub --help`).
#pragma once

#include <string>

#include "http_server_options.h"
#include "zt/config/config.h"

namespace zt::controlhub {

void add_http_config_keys(config::Schema& schema);

// Throws config::ConfigError naming the key if a timeout or the cap is not positive.
HttpServerOptions http_server_options(const config::Config& cfg);

}  // namespace zt::controlhub
