#include "rest_api.h"

#include <chrono>

#include "api_error.h"
#include "rest_error.h"
#include "text_field.h"
#include "zt/auth/bearer.h"
#include "zt/base/number.h"
#include "zt/crypto/hash.h"
#include "zt/log/log.h"
#include "zt/metrics/metrics.h"

namespace zt::controlhub {
namespace {

constexpr size_t kMaxParamChars = 256;
constexpr const char* kSecretResponseFields[] = {"clientSecret"};

HttpResponse error_response(const ApiError& e) {
  nlohmann::json body{{"code", e.code()}, {"message", e.what()}};
  body["field"] = e.field().empty() ? nlohmann::json(nullptr) : nlohmann::json(e.field());
  auto r = json_response(e.status(), body);
  if (e.status() == 401) r.headers["WWW-Authenticate"] = "Bearer";
  return r;
}

std::string bearer_token(const HttpRequest& request) {
  std::string h = request.header("Authorization");
  auto token = auth::bearer_token(h);
  return token ? std::string(*token) : std::string();
}

// Path parameters and query values are percent-decoded bytes from the wire:
// each must be text before a handler can put it into SQL or JSON.
void require_text_params(const RequestContext& ctx) {
  for (const auto& [name, value] : ctx.params) require_text(value, name, kMaxParamChars);
  for (const auto& [name, value] : ctx.request.query) {
    require_text(name, "query", kMaxParamChars);
    require_text(value, name, kMaxParamChars);
  }
}

// A response body as an idempotency replay may answer it: the resource
// without the one-time secrets it carried (they are shown once).
std::string without_secrets(const std::string& body) {
  auto doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return body;
  for (const char* field : kSecretResponseFields) doc.erase(field);
  return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// A weak ETag over the body, for reads without a version of their own.
std::string body_etag(const std::string& body) {
  Bytes digest = crypto::hash(crypto::HashAlgorithm::kSha256, as_bytes(body));
  return "W/\"" + to_hex(BytesView(digest).first(12)) + "\"";
}

}  // namespace

HttpResponse json_response(int status, const nlohmann::json& body) {
  HttpResponse r;
  r.status = status;
  r.headers["Content-Type"] = "application/json";
  // Invalid UTF-8 (bytes a client sent) becomes U+FFFD instead of throwing.
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

std::string version_etag(int64_t version) {
  std::string etag = "\"";  // appended piecewise: "a" + to_string() + "b" trips GCC 12's false -Wrestrict
  etag += std::to_string(version);
  etag += '"';
  return etag;
}

std::optional<int64_t> if_match_version(const HttpRequest& request) {
  std::string v = request.header("If-Match");
  if (v.empty() || v == "*") return std::nullopt;
  if (v.size() < 3 || v.front() != '"' || v.back() != '"') return -1;
  return parse_int(std::string_view(v).substr(1, v.size() - 2)).value_or(-1);
}

void require_if_match(const HttpRequest& request) {
  if (request.header("If-Match").empty()) {
    throw ApiError(428, "precondition_required",
                   "If-Match is required: GET the resource and send its ETag (or * to overwrite)", "If-Match");
  }
}

RestApi::RestApi(ApiDeps deps) : deps_(deps) {
  add_settings_routes(router_, deps_);
  add_directory_routes(router_, deps_);
  add_identity_routes(router_, deps_);
  add_static_routes(router_);
}

void RestApi::authenticate(RequestContext& ctx) {
  std::string token = bearer_token(ctx.request);
  if (token.empty()) throw ApiError::unauthenticated("a bearer token is required");
  ctx.claims = deps_.gate.authenticate(token);
}

HttpResponse RestApi::run_idempotent(RequestContext& ctx, const Route& route) {
  std::string key = ctx.request.header("Idempotency-Key");
  if (ctx.request.method != "POST" || key.empty() || !ctx.claims) return route.handler(ctx);
  require_text(key, "Idempotency-Key", 200);
  const std::string& principal = ctx.claims->subject;
  std::string request_hash =
      to_hex(crypto::hash(crypto::HashAlgorithm::kSha256, as_bytes(route.name + "\n" + ctx.request.path + "\n" +
                                                                       ctx.request.body)));
  IdempotencyClaim claim = deps_.idempotency.claim(principal, key, request_hash, deps_.clock.now());
  switch (claim.kind) {
    case IdempotencyClaim::Kind::kReused:
      throw ApiError(422, "idempotency_key_reused", "Idempotency-Key was used for a different request",
                     "Idempotency-Key");
    case IdempotencyClaim::Kind::kInProgress:
      throw ApiError::conflict("a request with this Idempotency-Key is in progress");
    case IdempotencyClaim::Kind::kReplay: {
      HttpResponse replay;
      replay.status = claim.response.status;
      replay.headers["Content-Type"] = "application/json";
      replay.headers["Idempotent-Replayed"] = "true";
      replay.body = claim.response.body;
      return replay;
    }
    case IdempotencyClaim::Kind::kClaimed: break;
  }
  HttpResponse response;
  try {
    response = route.handler(ctx);
  } catch (...) {
    deps_.idempotency.release(principal, key);
    throw;
  }
  if (response.status >= 200 && response.status < 300) {
    deps_.idempotency.finish(principal, key, {response.status, without_secrets(response.body)});
  } else {
    deps_.idempotency.release(principal, key);
  }
  return response;
}

HttpResponse RestApi::dispatch(const HttpRequest& request, std::string& route_name) {
  try {
    RouteMatch m = router_.match(request.method, request.path);
    if (!m.route) {
      if (m.path_known) throw ApiError(405, "method_not_allowed", request.method + " is not allowed here");
      throw ApiError::not_found("route " + request.path);
    }
    route_name = m.route->name;
    RequestContext ctx{request, std::move(m.params), std::nullopt};
    require_text_params(ctx);
    if (m.route->access == Access::kBearer) authenticate(ctx);
    HttpResponse r = run_idempotent(ctx, *m.route);
    if (request.method == "GET" && r.status == 200) {
      if (!r.headers.count("ETag")) r.headers["ETag"] = body_etag(r.body);
      if (request.header("If-None-Match") == r.headers["ETag"]) {
        r.status = 304;
        r.body.clear();
      }
    }
    return r;
  } catch (const ApiError& e) {
    return error_response(e);
  } catch (const DomainError& e) {
    return error_response(to_api_error(e));
  } catch (const std::exception& e) {
    log::error("request failed", {log::field("route", route_name), log::field("error", e.what())});
    return error_response(ApiError(500, "internal", "internal error"));
  }
}

HttpResponse RestApi::handle(const HttpRequest& request) {
  auto start = std::chrono::steady_clock::now();
  std::string route_name = "unmatched";
  HttpResponse r = dispatch(request, route_name);
  if (deps_.metrics) {
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    deps_.metrics->requests.Add({{"route", route_name}, {"status", std::to_string(r.status)}}).Increment();
    deps_.metrics->latency.Add({{"route", route_name}}, metrics::latency_buckets()).Observe(seconds);
  }
  return r;
}

}  // namespace zt::controlhub
