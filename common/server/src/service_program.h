// The command line of a service binary: what it does (from the service's
// short name) and its one schema, for --help / --version (command_line.h).
#pragma once

#include <string_view>

#include "zt/config/command_line.h"

namespace zt::server {

config::Program service_program(std::string_view service, std::string_view binary,
                                const config::Schema& schema);

}  // namespace zt::server
