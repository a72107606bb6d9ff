#include "router.h"

#include <gtest/gtest.h>

#include "rest_api.h"

namespace zt::controlhub {
namespace {

TEST(RouterTest, MatchesPatternsAndCapturesParams) {
  Router r;
  r.add("GET", "/v1/orgs/{orgId}/settings/calling", Access::kBearer, [](RequestContext&) { return HttpResponse{}; });
  r.add("PUT", "/v1/orgs/{orgId}/settings/calling", Access::kBearer, [](RequestContext&) { return HttpResponse{}; });
  auto m = r.match("PUT", "/v1/orgs/abc/settings/calling");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->method, "PUT");
  EXPECT_EQ(m.params.at("orgId"), "abc");
  auto wrong_method = r.match("DELETE", "/v1/orgs/abc/settings/calling");
  EXPECT_EQ(wrong_method.route, nullptr);
  EXPECT_TRUE(wrong_method.path_known);
  auto unknown = r.match("GET", "/v1/orgs/abc/settings");
  EXPECT_EQ(unknown.route, nullptr);
  EXPECT_FALSE(unknown.path_known);
  EXPECT_EQ(r.match("GET", "/v1/orgs//settings/calling").route, nullptr);
}

TEST(HttpMessageTest, IfMatchVersions) {
  HttpRequest req;
  EXPECT_FALSE(if_match_version(req).has_value());
  req.headers["If-Match"] = "*";
  EXPECT_FALSE(if_match_version(req).has_value());
  req.headers["If-Match"] = "\"12\"";
  EXPECT_EQ(if_match_version(req), 12);
  req.headers["If-Match"] = "12";
  EXPECT_EQ(if_match_version(req), -1);
  req.headers["If-Match"] = "\"12x\"";
  EXPECT_EQ(if_match_version(req), -1);
  for (const char* bad : {"\" 12\"", "\"+12\"", "\"99999999999999999999\"", "\"\""}) {
    req.headers["If-Match"] = bad;
    EXPECT_EQ(if_match_version(req), -1) << bad;
  }
  EXPECT_EQ(version_etag(3), "\"3\"");
}

TEST(JsonResponseTest, InvalidUtf8FromTheWireBecomesReplacementCharacters) {
  // What not_found("route " + path) once threw type_error.316 on, killing the process.
  HttpResponse r = json_response(404, {{"code", "not_found"}, {"message", "route /\xff\xfe not found"}});
  EXPECT_EQ(r.status, 404);
  auto doc = nlohmann::json::parse(r.body);
  EXPECT_EQ(doc["message"], "route /\uFFFD\uFFFD not found");
}

}  // namespace
}  // namespace zt::controlhub
