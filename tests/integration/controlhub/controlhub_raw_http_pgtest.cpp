// Raw HTTP an attacker can send without a token, through the whole Control
// Hub over a real socket: `GET /\xff HTTP/1.1` (a non-UTF-8 byte in a path no
// route matches) once terminated the process. Now it is a 400, and the REST
// API keeps answering.
#include <gtest/gtest.h>

#include <string>

#include "controlhub_fixture.h"

namespace zt::controlhub::testing {
namespace {

class ControlHubRawHttpTest : public ControlHubTest {};

TEST_F(ControlHubRawHttpTest, NonUtf8ByteInAnUnknownPathIs400AndTheHubStaysUp) {
  for (std::string target : {"/\xff", "/v1/orgs/\xc3\x28/settings/calling", "/\x80?x=1"}) {
    Reply r = http(hub_->port(), "GET", target);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.json()["code"], "invalid_argument");
  }
  // Percent-encoded, the same byte is a valid target: an unknown route is a
  // 404 in valid JSON.
  Reply encoded = http(hub_->port(), "GET", "/%ff");
  EXPECT_EQ(encoded.status, 404);
  EXPECT_EQ(encoded.json()["code"], "not_found");

  EXPECT_EQ(http(hub_->port(), "GET", "/healthz").status, 200);
  Reply settings = hub_->call("GET", settings_path("calling"), root_token_);
  EXPECT_EQ(settings.status, 200) << settings.body;
}

}  // namespace
}  // namespace zt::controlhub::testing
