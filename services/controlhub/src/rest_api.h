// The REST/JSON admin API: routing, bearer authentication, Idempotency-Key
// replays, ETags, and the one place errors become {"code","message","field"}.
#pragma once

#include <string>

#include "api_metrics.h"
#include "idempotency_store.h"
#include "org_ca.h"
#include "policy_publisher.h"
#include "principal_gate.h"
#include "router.h"
#include "store.h"
#include "token_issuer.h"
#include "zt/base/clock.h"

namespace zt::controlhub {

struct ApiDeps {
  Store& store;
  TokenIssuer& tokens;
  PrincipalGate& gate;
  OrgCa& ca;
  PolicyPublisher& publisher;
  IdempotencyStore& idempotency;
  const Clock& clock;
  crypto::RandomSource& random;   // new credentials
  ApiMetrics* metrics = nullptr;  // optional
};

class RestApi {
 public:
  explicit RestApi(ApiDeps deps);
  HttpResponse handle(const HttpRequest& request);

 private:
  HttpResponse dispatch(const HttpRequest& request, std::string& route_name);
  HttpResponse run_idempotent(RequestContext& ctx, const Route& route);
  void authenticate(RequestContext& ctx);

  ApiDeps deps_;
  Router router_;
};

// Helpers the route files share.
HttpResponse json_response(int status, const nlohmann::json& body);
// A strong ETag for a version number, and the version an If-Match names
// (nullopt: no If-Match or "*"; -1: a value that can never match).
std::string version_etag(int64_t version);
std::optional<int64_t> if_match_version(const HttpRequest& request);
// Writes are conditional: throws ApiError 428 when there is no If-Match.
void require_if_match(const HttpRequest& request);

void add_settings_routes(Router& router, ApiDeps& deps);
void add_directory_routes(Router& router, ApiDeps& deps);
void add_identity_routes(Router& router, ApiDeps& deps);
void add_static_routes(Router& router);

}  // namespace zt::controlhub
