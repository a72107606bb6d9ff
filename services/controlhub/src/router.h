// Method + path-pattern routing: "/v1/orgs/{orgId}/settings/calling".
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "zt/auth/claims.h"
#include "zt/http/message.h"

namespace zt::controlhub {

// The REST layer works with the shared HTTP library's request and response.
using http::HeaderMap;
using http::HttpRequest;
using http::HttpResponse;

struct RequestContext {
  const HttpRequest& request;
  std::map<std::string, std::string> params;
  std::optional<auth::Claims> claims;  // set on authenticated routes

  const std::string& param(const std::string& name) const { return params.at(name); }
  // Who the audit log names: the token's subject.
  std::string actor() const { return claims ? claims->subject : "anonymous"; }
};

using RouteHandler = std::function<HttpResponse(RequestContext&)>;

enum class Access { kPublic, kBearer };

struct Route {
  std::string method;
  std::string pattern;
  Access access;
  RouteHandler handler;
  std::string name;  // metric label, e.g. "PUT /v1/orgs/{orgId}/settings/calling"
};

struct RouteMatch {
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
  bool path_known = false;  // some route has this path with another method
};

class Router {
 public:
  void add(std::string method, std::string pattern, Access access, RouteHandler handler);
  RouteMatch match(const std::string& method, const std::string& path) const;

 private:
  std::vector<Route> routes_;
};

}  // namespace zt::controlhub
