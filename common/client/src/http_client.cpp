#include "http_client.h"

#include <stdexcept>

#include "zt/client/client_error.h"
#include "zt/http/client.h"

namespace zt::client {

HttpReply http_exchange(const std::string& base_url, const std::string& method,
                        const std::string& target, const std::string& content_type,
                        const std::string& body, const std::string& bearer,
                        std::chrono::milliseconds timeout) {
  http::HttpUrl url;
  try {
    url = http::parse_http_url(base_url);
  } catch (const std::invalid_argument& e) {
    throw ClientError::usage(std::string("the Control Hub URL: ") + e.what());
  }
  url.target = target;
  http::ClientRequest req;
  req.method = method;
  req.timeout = timeout;
  req.max_body = 1 << 20;
  req.headers["Accept"] = "application/json";
  if (!bearer.empty()) req.headers["Authorization"] = "Bearer " + bearer;
  if (!body.empty() || method == "POST") {
    req.headers["Content-Type"] = content_type;
    req.body = body;
  }
  auto answer = http::http_call(url, req);
  if (!answer) throw ClientError::protocol("controlhub: no HTTP answer from " + base_url + " (not reachable, or too slow)");
  return {answer->status, std::move(answer->body)};
}

}  // namespace zt::client
