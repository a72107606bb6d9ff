#include "json_body.h"

#include <gtest/gtest.h>

#include "api_error.h"

namespace zt::controlhub {
namespace {

const std::vector<FieldSpec> kMeetings = {{"defaultMeetingType", FieldType::kString, true, {"standard", "e2ee"}},
                                          {"personalRoomE2ee", FieldType::kBool}};

std::string field_of(std::string_view body) {
  try {
    parse_body(body, kMeetings);
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status(), 400);
    return e.field().empty() ? "<none>" : e.field();
  }
  return "<accepted>";
}

TEST(JsonBodyTest, AcceptsAValidBody) {
  auto j = parse_body(R"({"defaultMeetingType":"e2ee","personalRoomE2ee":false})", kMeetings);
  EXPECT_EQ(j["defaultMeetingType"], "e2ee");
}

TEST(JsonBodyTest, NamesTheFieldOfEveryFailure) {
  EXPECT_EQ(field_of("nope"), "<none>");
  EXPECT_EQ(field_of("42"), "<none>");
  EXPECT_EQ(field_of(R"({"defaultMeetingType":"e2ee"})"), "personalRoomE2ee");
  EXPECT_EQ(field_of(R"({"defaultMeetingType":"x","personalRoomE2ee":true})"), "defaultMeetingType");
  EXPECT_EQ(field_of(R"({"defaultMeetingType":1,"personalRoomE2ee":true})"), "defaultMeetingType");
  EXPECT_EQ(field_of(R"({"defaultMeetingType":"e2ee","personalRoomE2ee":"true"})"), "personalRoomE2ee");
  EXPECT_EQ(field_of(R"({"defaultMeetingType":"e2ee","personalRoomE2ee":true,"x":1})"), "x");
}

TEST(JsonBodyTest, UuidChecks) {
  EXPECT_TRUE(is_uuid("0f8fad5b-d9cb-469f-a165-70867728950e"));
  EXPECT_FALSE(is_uuid("0f8fad5b-d9cb-469f-a165-70867728950"));
  EXPECT_FALSE(is_uuid("0f8fad5b+d9cb-469f-a165-70867728950e"));
  EXPECT_EQ(require_uuid("0F8FAD5B-D9CB-469F-A165-70867728950E", "org"), "0f8fad5b-d9cb-469f-a165-70867728950e");
  EXPECT_THROW(require_uuid("'; drop table orgs", "org"), ApiError);
}

}  // namespace
}  // namespace zt::controlhub
