// A minimal blocking HTTP/1.0 GET for scraping /metrics in tests.
#pragma once

#include <string>

namespace zt::testing {

// The response body; throws std::runtime_error on connect failure or non-200.
std::string http_get(const std::string& host, int port, const std::string& path);

}  // namespace zt::testing
