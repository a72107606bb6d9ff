// The profile directory: files mode 600, sealed files open only under their
// own profile's key and name, writes replace whole files, and a directory
// without a profile is refused with what to do.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "sealed_file.h"
#include "zt/client/client_error.h"
#include "zt/client/profile.h"

namespace zt::client {
namespace {

namespace fs = std::filesystem;

class ProfileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/zt-profile-test-XXXXXX";
    dir_ = ::mkdtemp(tmpl);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string dir_;
};

TEST_F(ProfileTest, SecretsAndMeetingSurviveReopeningAndStayPrivate) {
  {
    Profile p = Profile::open(dir_ + "/a", true);
    p.config().device_id = "dev-1";
    p.save_config();
    DeviceSecrets s;
    s.token = crypto::SecretBytes(as_bytes("token-value"));
    s.signature_key = crypto::SecretBytes(Bytes(32, 7));
    p.save_secrets(s);
    MeetingState m;
    m.group_id = {1, 2, 3};
    m.meeting_number = 1234567890;
    m.messages.push_back({5, 1, Bytes{0x7a, 0x74}, {9}});
    p.save_meeting(m);
  }
  Profile p = Profile::open(dir_ + "/a");
  EXPECT_EQ(p.config().device_id, "dev-1");
  EXPECT_EQ(p.load_secrets().token.reveal_text(), "token-value");
  auto m = p.load_meeting();
  ASSERT_TRUE(m);
  EXPECT_EQ(m->meeting_number, 1234567890u);
  ASSERT_EQ(m->messages.size(), 1u);
  EXPECT_EQ(m->messages[0].sequence, 5u);
  for (const auto& entry : fs::directory_iterator(dir_ + "/a")) {
    EXPECT_NE(entry.path().extension(), ".tmp");
    EXPECT_EQ(fs::status(entry).permissions() & (fs::perms::group_all | fs::perms::others_all), fs::perms::none)
        << entry.path();
  }
  std::ifstream raw(dir_ + "/a/secrets.sealed", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(raw)), std::istreambuf_iterator<char>());
  EXPECT_EQ(bytes.find("token-value"), std::string::npos) << "the token is on disk in the clear";
}

TEST_F(ProfileTest, ASealedFileOfAnotherProfileOrNameDoesNotOpen) {
  crypto::SecretBytes key(Bytes(32, 1)), other(Bytes(32, 2));
  write_sealed(dir_ + "/one.sealed", key, as_bytes("payload"));
  EXPECT_EQ(read_sealed(dir_ + "/one.sealed", key)->reveal_text(), "payload");
  EXPECT_THROW(read_sealed(dir_ + "/one.sealed", other), ClientError);
  fs::copy_file(dir_ + "/one.sealed", dir_ + "/two.sealed");
  EXPECT_THROW(read_sealed(dir_ + "/two.sealed", key), ClientError);  // the name is authenticated
  EXPECT_FALSE(read_sealed(dir_ + "/missing.sealed", key));
  std::ofstream(dir_ + "/junk.sealed") << "ZT";
  EXPECT_THROW(read_sealed(dir_ + "/junk.sealed", key), ClientError);
}

TEST_F(ProfileTest, AMissingProfileOrAnotherFormatIsRefusedWithWhatToDo) {
  try {
    Profile::open(dir_ + "/nothing");
    ADD_FAILURE();
  } catch (const ClientError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kProfile);
    EXPECT_NE(std::string(e.what()).find("zt-client login"), std::string::npos);
  }
  fs::create_directories(dir_ + "/old");
  std::ofstream(dir_ + "/old/profile.json") << R"({"format": 0})";
  EXPECT_THROW(Profile::open(dir_ + "/old"), ClientError);
}

}  // namespace
}  // namespace zt::client
