#include "zt/http/beast_message.h"

#include <nlohmann/json.hpp>
#include <utility>

namespace zt::http {

namespace bhttp = boost::beast::http;

namespace {

// On every response unless the handler set its own (a page sets the CSP it
// needs): nothing may frame it, sniff another type into it, or load anything
// for it; no Referer leaves with a link.
constexpr std::pair<const char*, const char*> kSecurityHeaders[] = {
    {"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"},
    {"X-Frame-Options", "DENY"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
};

}  // namespace

HttpRequest to_request(const bhttp::request<bhttp::string_body>& in) {
  HttpRequest out;
  out.method = std::string(in.method_string());
  parse_target(std::string_view(in.target().data(), in.target().size()), out);
  for (const auto& field : in) {
    out.headers[std::string(field.name_string())] = std::string(field.value());
  }
  out.body = in.body();
  return out;
}

bhttp::response<bhttp::string_body> to_beast(const HttpResponse& in, unsigned version,
                                             bool keep_alive, std::string_view server) {
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(in.status), version};
  out.set(bhttp::field::server, boost::beast::string_view(server.data(), server.size()));
  for (const auto& [k, v] : in.headers) out.set(k, v);
  for (const auto& [name, value] : kSecurityHeaders) {
    if (!in.headers.count(name)) out.set(name, value);
  }
  out.body() = in.body;
  out.keep_alive(keep_alive);
  out.prepare_payload();
  return out;
}

HttpResponse json_error(int status, std::string_view code, std::string_view message) {
  nlohmann::json body = {{"code", code}, {"message", message}, {"field", nullptr}};
  return HttpResponse{status, {{"Content-Type", "application/json"}}, body.dump()};
}

}  // namespace zt::http
