#include "beast_message.h"

#include <nlohmann/json.hpp>

namespace zt::controlhub {

namespace http = boost::beast::http;

HttpRequest to_request(const http::request<http::string_body>& in) {
  HttpRequest out;
  out.method = std::string(in.method_string());
  parse_target(std::string_view(in.target().data(), in.target().size()), out);
  for (const auto& field : in) {
    out.headers[std::string(field.name_string())] = std::string(field.value());
  }
  out.body = in.body();
  return out;
}

http::response<http::string_body> to_beast(const HttpResponse& in, unsigned version, bool keep_alive) {
  http::response<http::string_body> out{static_cast<http::status>(in.status), version};
  out.set(http::field::server, "zt-controlhub");
  for (const auto& [k, v] : in.headers) out.set(k, v);
  out.body() = in.body;
  out.keep_alive(keep_alive);
  out.prepare_payload();
  return out;
}

HttpResponse json_error(int status, std::string_view code, std::string_view message) {
  nlohmann::json body = {{"code", code}, {"message", message}, {"field", nullptr}};
  return HttpResponse{status, {{"Content-Type", "application/json"}}, body.dump()};
}

}  // namespace zt::controlhub
