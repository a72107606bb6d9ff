#include "rest_api.h"

#include <chrono>
#include <pqxx/pqxx>

#include "api_error.h"
#include "statements.h"
#include "zt/crypto/hash.h"
#include "zt/log/log.h"
#include "zt/metrics/metrics.h"

namespace zt::controlhub {
namespace {

HttpResponse error_response(const ApiError& e) {
  nlohmann::json body{{"code", e.code()}, {"message", e.what()}};
  body["field"] = e.field().empty() ? nlohmann::json(nullptr) : nlohmann::json(e.field());
  auto r = json_response(e.status(), body);
  if (e.status() == 401) r.headers["WWW-Authenticate"] = "Bearer";
  return r;
}

std::string bearer_token(const HttpRequest& request) {
  std::string h = request.header("Authorization");
  constexpr std::string_view kPrefix = "Bearer ";
  if (h.size() <= kPrefix.size() || h.compare(0, kPrefix.size(), kPrefix) != 0) return {};
  return h.substr(kPrefix.size());
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

std::string version_etag(int64_t version) { return "\"" + std::to_string(version) + "\""; }

std::optional<int64_t> if_match_version(const HttpRequest& request) {
  std::string v = request.header("If-Match");
  if (v.empty() || v == "*") return std::nullopt;
  if (v.size() < 3 || v.front() != '"' || v.back() != '"') return -1;
  try {
    size_t used = 0;
    std::string inner = v.substr(1, v.size() - 2);
    int64_t n = std::stoll(inner, &used);
    return used == inner.size() ? n : -1;
  } catch (const std::exception&) {
    return -1;
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
  auto claims = deps_.tokens.verifier().verify(token);
  if (!claims) {
    throw ApiError::unauthenticated(std::string("token refused: ") + auth::to_string(claims.error().code));
  }
  ctx.claims = std::move(*claims);
}

HttpResponse RestApi::run_idempotent(RequestContext& ctx, const Route& route) {
  std::string key = ctx.request.header("Idempotency-Key");
  if (ctx.request.method != "POST" || key.empty() || !ctx.claims) return route.handler(ctx);
  if (key.size() > 200) throw ApiError::bad_request("Idempotency-Key is too long", "Idempotency-Key");
  std::string principal = ctx.claims->subject;
  std::string request_hash =
      to_hex(crypto::hash(crypto::HashAlgorithm::kSha256, as_bytes(route.name + "\n" + ctx.request.path + "\n" +
                                                                       ctx.request.body)));
  auto& pool = deps_.store.pool();
  bool claimed = pool.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    bool ok = !tx.exec_prepared(sql::kClaimIdempotencyKey.name, principal, key, request_hash).empty();
    tx.commit();
    return ok;
  });
  if (!claimed) {
    auto row = pool.run([&](pqxx::connection& c) {
      pqxx::read_transaction tx(c);
      auto r = tx.exec_prepared(sql::kGetIdempotencyKey.name, principal, key);
      return std::make_tuple(r[0][0].as<std::string>(), r[0][1].as<int>(), r[0][2].as<std::string>());
    });
    if (std::get<0>(row) != request_hash) {
      throw ApiError(422, "idempotency_key_reused", "Idempotency-Key was used for a different request",
                     "Idempotency-Key");
    }
    if (std::get<1>(row) == 0) throw ApiError::conflict("a request with this Idempotency-Key is in progress");
    HttpResponse replay;
    replay.status = std::get<1>(row);
    replay.headers["Content-Type"] = "application/json";
    replay.headers["Idempotent-Replayed"] = "true";
    replay.body = std::get<2>(row);
    return replay;
  }
  auto release = [&] {
    pool.run([&](pqxx::connection& c) {
      pqxx::work tx(c);
      tx.exec_prepared(sql::kReleaseIdempotencyKey.name, principal, key);
      tx.commit();
    });
  };
  HttpResponse response;
  try {
    response = route.handler(ctx);
  } catch (...) {
    release();
    throw;
  }
  if (response.status >= 200 && response.status < 300) {
    pool.run([&](pqxx::connection& c) {
      pqxx::work tx(c);
      tx.exec_prepared(sql::kFinishIdempotencyKey.name, principal, key, response.status, response.body);
      tx.commit();
    });
  } else {
    release();
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
  } catch (const pqxx::foreign_key_violation&) {
    return error_response(ApiError::not_found("referenced resource"));
  } catch (const pqxx::unique_violation&) {
    return error_response(ApiError::conflict("the resource exists already"));
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
