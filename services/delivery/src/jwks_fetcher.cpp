#include "jwks_fetcher.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <stdexcept>

#include "zt/log/log.h"

namespace zt::delivery {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;

constexpr std::size_t kMaxJwksBytes = 256 * 1024;

std::optional<std::string> get(const HttpUrl& url, std::chrono::milliseconds timeout) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  asio::ip::tcp::resolver resolver(io);
  beast::error_code ec;
  auto endpoints = resolver.resolve(url.host, url.port, ec);
  if (ec) return std::nullopt;
  stream.expires_after(timeout);
  stream.connect(endpoints, ec);
  if (ec) return std::nullopt;
  http::request<http::empty_body> req{http::verb::get, url.target, 11};
  req.set(http::field::host, url.host);
  req.set(http::field::accept, "application/json");
  req.set(http::field::connection, "close");
  http::write(stream, req, ec);
  if (ec) return std::nullopt;
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxJwksBytes);
  http::read(stream, buffer, parser, ec);
  if (ec || parser.get().result() != http::status::ok) return std::nullopt;
  return parser.get().body();
}

}  // namespace

HttpUrl parse_http_url(const std::string& url) {
  constexpr std::string_view kScheme = "http://";
  if (url.rfind(kScheme, 0) != 0) throw std::invalid_argument("JWKS URL must start with http://");
  std::string rest = url.substr(kScheme.size());
  std::size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  HttpUrl out;
  out.target = slash == std::string::npos ? "/" : rest.substr(slash);
  std::size_t colon = authority.rfind(':');
  out.host = authority.substr(0, colon);
  out.port = colon == std::string::npos ? "80" : authority.substr(colon + 1);
  if (out.host.empty()) throw std::invalid_argument("JWKS URL has no host");
  if (out.port.empty() || out.port.find_first_not_of("0123456789") != std::string::npos) {
    throw std::invalid_argument("JWKS URL has a bad port");
  }
  return out;
}

auth::JwksFetcher http_jwks_fetcher(const std::string& url, std::chrono::milliseconds timeout) {
  HttpUrl parsed = parse_http_url(url);
  return [parsed, timeout, url]() -> std::optional<std::string> {
    try {
      auto body = get(parsed, timeout);
      if (!body) log::warn("Control Hub JWKS unavailable", {log::field("url", url)});
      return body;
    } catch (const std::exception&) {
      log::warn("Control Hub JWKS unavailable", {log::field("url", url)});
      return std::nullopt;
    }
  };
}

}  // namespace zt::delivery
