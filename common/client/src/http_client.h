// One HTTP/1.1 exchange with Control Hub's REST API (through zt::http::http_call:
// plain http://host:port URLs, a deadline, a cap on the response body).
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace zt::client {

struct HttpReply {
  int status = 0;
  std::string body;
};

// Throws ClientError(kProtocol) when the service cannot be reached or
// answers something that is not HTTP.
HttpReply http_exchange(const std::string& base_url, const std::string& method,
                        const std::string& target, const std::string& content_type,
                        const std::string& body, const std::string& bearer = "",
                        std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace zt::client
