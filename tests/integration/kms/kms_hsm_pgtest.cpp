// The master key in an HSM (SoftHSM2, as a customer with its own HSM runs
// it) on real PostgreSQL: a private token (SOFTHSM2_CONF in a temp dir), the
// KMS moved from a key file to the HSM by RotateMasterKey, every key still
// read, new keys wrapped inside the token, and the token's key not
// extractable.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>

#include "domain_error.h"
#include "kms_fixture.h"
#include "pkcs11_provider.h"
#include "zt/testing/env.h"
#include "zt/testing/postgres.h"

namespace zt::kms::testing {
namespace {

constexpr const char* kModule = "/usr/lib/softhsm/libsofthsm2.so";

class KmsHsmTest : public KmsTest {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kModule)) GTEST_SKIP() << "SoftHSM2 not installed (" << kModule << ")";
    dir_ = zt::testing::make_temp_dir("zt-kms-hsm");
    std::filesystem::create_directories(dir_ + "/tokens");
    std::ofstream(dir_ + "/softhsm2.conf") << "directories.tokendir = " << dir_
                                           << "/tokens\nobjectstore.backend = file\n"
                                              "log.level = ERROR\n";
    ::setenv("SOFTHSM2_CONF", (dir_ + "/softhsm2.conf").c_str(), 1);
    std::string init = "softhsm2-util --init-token --free --label zt-kms --pin 1234 --so-pin 5678 "
                       ">/dev/null 2>&1";
    ASSERT_EQ(std::system(init.c_str()), 0) << "softhsm2-util --init-token failed";
    KmsTest::SetUp();
  }
  void TearDown() override {
    kms_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  std::function<void(KmsOptions&)> with_hsm() {
    return [](KmsOptions& o) {
      o.hsm = Pkcs11Options{kModule, "zt-kms", crypto::SecretBytes(as_bytes(std::string("1234")))};
    };
  }
  int keys_under(int version) {
    pqxx::connection c(db_->uri());
    pqxx::work tx(c);
    return tx.exec1("SELECT count(*) FROM kms_content_keys WHERE master_version = " +
                    std::to_string(version))[0]
        .as<int>();
  }
  std::string dir_;
};

TEST_F(KmsHsmTest, RotationMovesEveryKeyFromTheKeyFileIntoTheHsm) {
  const std::string alice = tokens_.user_token("org-a", "alice");
  v1::CreateKeysRequest create;
  create.set_count(50);
  v1::CreateKeysResponse keys;
  ASSERT_TRUE(sealed(alice).call("CreateKeys", create, &keys).ok());
  std::vector<std::string> uris;
  for (const auto& k : keys.keys()) uris.push_back(k.uri());
  create_resource(alice, uris, v1::RESOURCE_MODE_STANDARD);
  ASSERT_EQ(keys_under(1), 50);

  // The key file (version 1) and the HSM: the empty token gets version 2,
  // generated inside it; RotateMasterKey moves every key there.
  start(kMasterV1, std::chrono::milliseconds(0), with_hsm());
  EXPECT_EQ(kms_->app().master_keys().current_version(), 2);
  v1::RotateMasterKeyRequest rotate;
  rotate.set_batch_size(7);
  v1::RotateMasterKeyResponse progress;
  ASSERT_TRUE(
      stub_->RotateMasterKey(as(tokens_.deployment_admin_token()).get(), rotate, &progress).ok());
  EXPECT_EQ(progress.target_version(), 2);
  EXPECT_EQ(progress.rewrapped(), 50);
  EXPECT_EQ(progress.remaining(), 0);
  EXPECT_EQ(keys_under(2), 50);

  // The HSM alone: every key reads, new keys are wrapped in the token.
  start("", std::chrono::milliseconds(0), with_hsm());
  auto* hsm = dynamic_cast<Pkcs11Provider*>(&kms_->app().master_keys());
  ASSERT_NE(hsm, nullptr);
  EXPECT_TRUE(hsm->key_is_sealed_in_token(2)) << "the token must refuse to reveal the master key";
  v1::RetrieveKeysRequest all;
  for (const auto& u : uris) all.add_key_uris(u);
  v1::RetrieveKeysResponse got;
  ASSERT_TRUE(sealed(alice).call("RetrieveKeys", all, &got).ok());
  ASSERT_EQ(got.keys_size(), 50);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(got.keys(i).key_material(), keys.keys(i).key_material());
  v1::Key fresh = create_key(alice);
  v1::RetrieveKeysResponse again;
  ASSERT_TRUE(retrieve(alice, fresh.uri(), &again).ok());
  EXPECT_EQ(again.keys(0).key_material(), fresh.key_material());
  EXPECT_EQ(keys_under(2), 51);
}

TEST_F(KmsHsmTest, AWrappedKeyDoesNotOpenUnderAnotherUriOrVersion) {
  start("", std::chrono::milliseconds(0), with_hsm());
  MasterKeyProvider& hsm = kms_->app().master_keys();
  crypto::SecretBytes key(Bytes(32, 9));
  Bytes wrapped = hsm.wrap(1, wrap_aad("kms://kms.test/keys/a", 1), key,
                           crypto::SystemRandom::instance());
  EXPECT_TRUE(hsm.unwrap(1, wrap_aad("kms://kms.test/keys/a", 1), wrapped) == key);
  EXPECT_THROW(hsm.unwrap(1, wrap_aad("kms://kms.test/keys/b", 1), wrapped), crypto::CryptoError);
  wrapped[20] ^= 1;
  EXPECT_THROW(hsm.unwrap(1, wrap_aad("kms://kms.test/keys/a", 1), wrapped), crypto::CryptoError);
  EXPECT_THROW(hsm.unwrap(7, wrap_aad("kms://kms.test/keys/a", 7), wrapped), DomainError);
}

}  // namespace
}  // namespace zt::kms::testing
