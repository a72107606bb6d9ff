#include "zt/http/client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <stdexcept>

namespace zt::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

std::optional<HttpResponse> exchange(const HttpUrl& url, const ClientRequest& request) {
  boost::asio::io_context io;
  beast::tcp_stream stream(io);
  beast::error_code ec;
  auto resolved = boost::asio::ip::tcp::resolver(io).resolve(url.host, url.port, ec);
  if (ec) return std::nullopt;
  stream.expires_after(request.timeout);
  stream.connect(resolved, ec);
  if (ec) return std::nullopt;
  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(request.method), url.target, 11};
  req.set(bhttp::field::host, url.host);
  req.set(bhttp::field::connection, "close");
  for (const auto& [name, value] : request.headers) req.set(name, value);
  req.body() = request.body;
  req.prepare_payload();
  bhttp::write(stream, req, ec);
  if (ec) return std::nullopt;
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(request.max_body);
  bhttp::read(stream, buffer, parser, ec);
  if (ec) return std::nullopt;
  HttpResponse out;
  out.status = static_cast<int>(parser.get().result_int());
  for (const auto& field : parser.get()) {
    out.headers[std::string(field.name_string())] = std::string(field.value());
  }
  out.body = std::move(parser.get().body());
  return out;
}

}  // namespace

HttpUrl parse_http_url(const std::string& url) {
  constexpr std::string_view kHttp = "http://";
  if (url.compare(0, kHttp.size(), kHttp) != 0)
    throw std::invalid_argument("the URL must start with http://");
  std::string rest = url.substr(kHttp.size());
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  HttpUrl u;
  u.target = slash == std::string::npos ? "/" : rest.substr(slash);
  size_t colon = authority.rfind(':');
  u.host = authority.substr(0, colon);
  u.port = colon == std::string::npos ? "80" : authority.substr(colon + 1);
  if (u.host.empty()) throw std::invalid_argument("the URL names no host");
  if (u.port.empty() || u.port.find_first_not_of("0123456789") != std::string::npos) {
    throw std::invalid_argument("the URL has a bad port");
  }
  return u;
}

std::optional<HttpResponse> http_call(const HttpUrl& url, const ClientRequest& request) {
  if (bhttp::string_to_verb(request.method) == bhttp::verb::unknown) {
    throw std::invalid_argument("unknown HTTP method " + request.method);
  }
  try {
    return exchange(url, request);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace zt::http
