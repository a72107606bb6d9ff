#include "zt/http/exchange.h"

#include <exception>

#include "zt/http/beast_message.h"
#include "zt/log/log.h"

namespace zt::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace {

// A request the server refuses before any handler sees it; the connection closes after it.
Answer refuse(HttpServerMetrics& metrics, BadRequest reason, int status, std::string_view code,
              std::string_view message) {
  metrics.count_bad_request(reason);
  return Answer{json_error(status, code, message), /*keep_alive=*/false, /*refused=*/true};
}

HttpResponse call_handler(const HttpHandler& handler, const RequestParser& parser, HttpServerMetrics& metrics) {
  try {
    return handler(to_request(parser.get()));
  } catch (const std::exception& e) {
    log::error("http handler threw", {log::field("error", e.what())});
  } catch (...) {
    log::error("http handler threw a non-exception");
  }
  metrics.count_unhandled_exception(ExceptionSite::kHandler);
  return json_error(500, "internal", "internal error");
}

}  // namespace

void configure_parser(RequestParser& parser) {
  parser.header_limit(kMaxHeaderBytes);
  parser.body_limit(kMaxBodyBytes);
}

bool is_valid_target(std::string_view target) {
  for (char c : target) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) return false;
  }
  return !target.empty();
}

std::optional<Answer> answer(const RequestParser& parser, beast::error_code ec, const HttpHandler& handler,
                             HttpServerMetrics& metrics) {
  if (ec == bhttp::error::header_limit) {
    return refuse(metrics, BadRequest::kHeaderTooLarge, 431, "headers_too_large",
                  "request headers too large (at most 8 KiB)");
  }
  if (ec == bhttp::error::body_limit) {
    return refuse(metrics, BadRequest::kBodyTooLarge, 413, "payload_too_large", "request body too large");
  }
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) return std::nullopt;
  if (ec && ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) {
    return refuse(metrics, BadRequest::kMalformed, 400, "invalid_argument", "malformed HTTP request");
  }
  if (ec) return std::nullopt;
  const auto& request = parser.get();
  if (!is_valid_target(std::string_view(request.target().data(), request.target().size()))) {
    return refuse(metrics, BadRequest::kInvalidTarget, 400, "invalid_argument",
                  "the request target must be visible ASCII (percent-encode other bytes)");
  }
  return Answer{call_handler(handler, parser, metrics), request.keep_alive()};
}

}  // namespace zt::http
