// The transport-independent request: targets split into path and query
// (query values percent-decoded), headers looked up case-insensitively.
#include "zt/http/message.h"

#include <gtest/gtest.h>

namespace zt::http {
namespace {

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

}  // namespace
}  // namespace zt::http
