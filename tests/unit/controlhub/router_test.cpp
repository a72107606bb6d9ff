#include "router.h"

#include <gtest/gtest.h>

#include "http_message.h"
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

TEST(HttpMessageTest, ParsesTargetAndDecodesQuery) {
  HttpRequest req;
  parse_target("/v1/x?limit=5&cursor=a%2Fb&empty=&plus=a+b", req);
  EXPECT_EQ(req.path, "/v1/x");
  EXPECT_EQ(req.query["limit"], "5");
  EXPECT_EQ(req.query["cursor"], "a/b");
  EXPECT_EQ(req.query["empty"], "");
  EXPECT_EQ(req.query["plus"], "a b");
  EXPECT_EQ(percent_decode("%zz%4"), "%zz%4");
  req.headers["If-Match"] = "\"7\"";
  EXPECT_EQ(req.header("if-match"), "\"7\"");
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
  EXPECT_EQ(version_etag(3), "\"3\"");
}

}  // namespace
}  // namespace zt::controlhub
