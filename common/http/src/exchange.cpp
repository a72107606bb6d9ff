#include "zt/http/exchange.h"

#include <exception>

#include "zt/http/beast_message.h"
#include "zt/log/log.h"

namespace zt::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace {

// A request the server refuses before any handler sees it; the connection closes after it.
Answer refuse(HttpServerMetrics& metrics, Refusal reason, int status, std::string_view code,
              std::string_view message) {
  metrics.count_refusal(reason);
  return Answer{json_error(status, code, message), /*keep_alive=*/false, /*refused=*/true};
}

HttpResponse call_handler(const HttpHandler& handler, const RequestParser& parser,
                          HttpServerMetrics& metrics) {
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

std::string_view request_path(boost::beast::string_view target) {
  std::string_view t(target.data(), target.size());
  return t.substr(0, t.find('?'));
}

}  // namespace

void configure_parser(RequestParser& parser) {
  parser.header_limit(kMaxHeaderBytes);
  parser.body_limit(kMaxBodyBytes);
}

bool wants_body(const RequestParser& parser) { return !parser.is_done() && !parser.chunked(); }

bool is_valid_target(std::string_view target) {
  for (char c : target) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) return false;
  }
  return !target.empty();
}

std::optional<Answer> answer(const RequestParser& parser, beast::error_code ec,
                             const HttpHandler& handler, HttpServerMetrics& metrics,
                             const Client& client) {
  if (ec == bhttp::error::header_limit) {
    return refuse(metrics, Refusal::kHeaderTooLarge, 431, "headers_too_large",
                  "request headers too large (at most 8 KiB)");
  }
  if (ec == bhttp::error::body_limit) {
    return refuse(metrics, Refusal::kBodyTooLarge, 413, "payload_too_large",
                  "request body too large");
  }
  if (ec == bhttp::error::end_of_stream) return std::nullopt;  // closed between requests
  if (ec ==
      bhttp::error::partial_message) {  // half-closed mid-request: it may still read the answer
    return refuse(metrics, Refusal::kMalformed, 400, "invalid_argument", "incomplete HTTP request");
  }
  if (ec && ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) {
    return refuse(metrics, Refusal::kMalformed, 400, "invalid_argument", "malformed HTTP request");
  }
  if (ec) return std::nullopt;
  const auto& request = parser.get();
  if (!is_valid_target(std::string_view(request.target().data(), request.target().size()))) {
    return refuse(metrics, Refusal::kInvalidTarget, 400, "invalid_argument",
                  "the request target must be visible ASCII (percent-encode other bytes)");
  }
  if (!parser.is_done()) {  // a chunked body, left unread (wants_body)
    return refuse(metrics, Refusal::kChunkedBody, 411, "length_required",
                  "send the request body with a Content-Length (chunked bodies are not accepted)");
  }
  if (client.rate_limiter && client.rate_limiter->applies_to(request_path(request.target())) &&
      !client.rate_limiter->allow(client.source)) {
    metrics.count_refusal(Refusal::kRateLimited);
    HttpResponse limited =
        json_error(429, "rate_limited", "too many requests from this address, retry later");
    limited.headers.emplace("Retry-After", "1");
    return Answer{std::move(limited), request.keep_alive()};
  }
  return Answer{call_handler(handler, parser, metrics), request.keep_alive()};
}

}  // namespace zt::http
