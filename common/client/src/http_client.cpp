#include "http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include "zt/client/client_error.h"

namespace zt::client {
namespace {

namespace beast = boost::beast;
namespace http = boost::beast::http;

constexpr size_t kMaxBody = 1 << 20;

struct Endpoint {
  std::string host, port;
};

Endpoint parse_base(const std::string& url) {
  constexpr std::string_view kHttp = "http://";
  if (url.compare(0, kHttp.size(), kHttp) != 0)
    throw ClientError::usage("the Control Hub URL must start with http:// (got \"" + url + "\")");
  std::string authority = url.substr(kHttp.size());
  authority = authority.substr(0, authority.find('/'));
  size_t colon = authority.rfind(':');
  Endpoint e{authority.substr(0, colon), colon == std::string::npos ? "80" : authority.substr(colon + 1)};
  if (e.host.empty() || e.port.empty() || e.port.find_first_not_of("0123456789") != std::string::npos)
    throw ClientError::usage("the Control Hub URL needs a host and a numeric port: " + url);
  return e;
}

}  // namespace

HttpReply http_exchange(const std::string& base_url, const std::string& method,
                        const std::string& target, const std::string& content_type,
                        const std::string& body, const std::string& bearer,
                        std::chrono::milliseconds timeout) {
  Endpoint e = parse_base(base_url);
  boost::asio::io_context io;
  beast::tcp_stream stream(io);
  beast::error_code ec;
  auto resolved = boost::asio::ip::tcp::resolver(io).resolve(e.host, e.port, ec);
  if (ec) throw ClientError::protocol("controlhub: cannot resolve " + e.host + ": " + ec.message());
  stream.expires_after(timeout);
  stream.connect(resolved, ec);
  if (ec) throw ClientError::protocol("controlhub: cannot connect to " + base_url + ": " + ec.message());
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, e.host);
  req.set(http::field::accept, "application/json");
  req.set(http::field::connection, "close");
  if (!bearer.empty()) req.set(http::field::authorization, "Bearer " + bearer);
  if (!body.empty() || method == "POST") {
    req.set(http::field::content_type, content_type);
    req.body() = body;
    req.prepare_payload();
  }
  http::write(stream, req, ec);
  if (ec) throw ClientError::protocol("controlhub: cannot send the request: " + ec.message());
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxBody);
  http::read(stream, buffer, parser, ec);
  if (ec) throw ClientError::protocol("controlhub: no valid HTTP answer: " + ec.message());
  return {static_cast<int>(parser.get().result_int()), parser.get().body()};
}

}  // namespace zt::client
