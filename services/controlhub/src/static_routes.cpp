#include "assets.h"
#include "rest_api.h"

namespace zt::controlhub {
namespace {

// The admin page loads its own scripts, style sheet and API only; no inline
// script or style, no framing (the listener sets the other security headers).
constexpr char kAdminPagePolicy[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

}  // namespace

void add_static_routes(Router& router) {
  router.add("GET", "/", Access::kPublic, [](RequestContext&) {
    HttpResponse r;
    r.headers["Content-Type"] = "text/html; charset=utf-8";
    r.headers["Content-Security-Policy"] = kAdminPagePolicy;
    r.body = std::string(admin_page_html());
    return r;
  });
  for (const WebAsset& asset : web_assets()) {
    router.add("GET", std::string(asset.path), Access::kPublic, [asset](RequestContext&) {
      HttpResponse r;
      r.headers["Content-Type"] = std::string(asset.content_type);
      r.headers["Cache-Control"] = "no-cache";  // revalidated by ETag, so a new build shows at once
      r.body = std::string(asset.body);
      return r;
    });
  }
  router.add("GET", "/v1/openapi.json", Access::kPublic, [](RequestContext&) {
    HttpResponse r;
    r.headers["Content-Type"] = "application/json";
    r.body = std::string(openapi_json());
    return r;
  });
  router.add("GET", "/healthz", Access::kPublic, [](RequestContext&) {
    return json_response(200, {{"status", "ok"}});
  });
}

}  // namespace zt::controlhub
