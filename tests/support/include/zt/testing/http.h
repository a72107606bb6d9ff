// Minimal blocking HTTP/1.0 requests for tests (scraping /metrics, calling a REST API).
#pragma once

#include <string>
#include <vector>

namespace zt::testing {

// The response body; throws std::runtime_error on connect failure or non-200.
std::string http_get(const std::string& host, int port, const std::string& path);
// Any method, with a body and extra header lines ("Name: value"); the
// response body. Throws std::runtime_error on connect failure or a non-2xx status.
std::string http_request(const std::string& host, int port, const std::string& method,
                         const std::string& path, const std::string& body = "",
                         const std::vector<std::string>& headers = {});

}  // namespace zt::testing
