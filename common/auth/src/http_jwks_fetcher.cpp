#include "zt/auth/http_jwks_fetcher.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <stdexcept>

#include "zt/log/log.h"

namespace zt::auth {
namespace {

namespace beast = boost::beast;
namespace http = boost::beast::http;

constexpr size_t kMaxBody = 256 * 1024;

struct Endpoint {
  std::string host, port, target;
};

Endpoint parse_url(const std::string& url) {
  constexpr std::string_view kHttp = "http://";
  if (url.compare(0, kHttp.size(), kHttp) != 0)
    throw std::invalid_argument("the JWKS URL must start with http://");
  std::string rest = url.substr(kHttp.size());
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  Endpoint e;
  e.target = slash == std::string::npos ? "/" : rest.substr(slash);
  size_t colon = authority.rfind(':');
  e.host = authority.substr(0, colon);
  e.port = colon == std::string::npos ? "80" : authority.substr(colon + 1);
  if (e.host.empty()) throw std::invalid_argument("the JWKS URL names no host");
  if (e.port.empty() || e.port.find_first_not_of("0123456789") != std::string::npos) {
    throw std::invalid_argument("the JWKS URL has a bad port");
  }
  return e;
}

std::optional<std::string> fetch(const Endpoint& e, std::chrono::milliseconds timeout) {
  boost::asio::io_context io;
  beast::tcp_stream stream(io);
  beast::error_code ec;
  auto resolved = boost::asio::ip::tcp::resolver(io).resolve(e.host, e.port, ec);
  if (ec) return std::nullopt;
  stream.expires_after(timeout);
  stream.connect(resolved, ec);
  if (ec) return std::nullopt;
  http::request<http::empty_body> req{http::verb::get, e.target, 11};
  req.set(http::field::host, e.host);
  req.set(http::field::accept, "application/json");
  req.set(http::field::connection, "close");
  http::write(stream, req, ec);
  if (ec) return std::nullopt;
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxBody);
  http::read(stream, buffer, parser, ec);
  if (ec || parser.get().result() != http::status::ok) return std::nullopt;
  return parser.get().body();
}

}  // namespace

JwksFetcher http_jwks_fetcher(const std::string& url, std::chrono::milliseconds timeout) {
  Endpoint e = parse_url(url);
  return [e, url, timeout]() -> std::optional<std::string> {
    std::optional<std::string> body;
    try {
      body = fetch(e, timeout);
    } catch (const std::exception&) {
    }
    if (!body) log::warn("Control Hub JWKS unavailable", {log::field("url", url)});
    return body;
  };
}

}  // namespace zt::auth
