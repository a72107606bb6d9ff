// Master-key rotation on real PostgreSQL while clients keep reading: every
// key is re-wrapped under the new version in batches, no read fails, and
// afterwards the old version can be dropped from the key file.
#include <gmock/gmock.h>

#include <atomic>
#include <pqxx/pqxx>
#include <thread>

#include "kms_fixture.h"

namespace zt::kms::testing {
namespace {

using namespace std::chrono_literals;

using KmsRotationTest = KmsTest;

TEST_F(KmsRotationTest, RotationRewrapsEveryKeyWhileReadsContinue) {
  const std::string alice = tokens_.user_token("org-a", "alice");
  v1::CreateKeysRequest create;
  create.set_count(100);
  std::vector<v1::Key> keys;
  for (int i = 0; i < 3; ++i) {
    v1::CreateKeysResponse out;
    ASSERT_TRUE(sealed(alice).call("CreateKeys", create, &out).ok());
    keys.insert(keys.end(), out.keys().begin(), out.keys().end());
  }
  std::vector<std::string> uris;
  for (const auto& k : keys) uris.push_back(k.uri());
  create_resource(alice, std::vector<std::string>(uris.begin(), uris.begin() + 100),
                  v1::RESOURCE_MODE_STANDARD);

  // The Secret now holds versions 1 and 2; no cache, so every read unwraps.
  start(kMasterV1 + kMasterV2, 0ms);
  std::atomic<bool> stop{false};
  std::atomic<int> reads{0}, failures{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&, t] {
      for (size_t i = t; !stop; i = (i + 7) % keys.size()) {
        v1::RetrieveKeysResponse out;
        grpc::Status s = retrieve(alice, keys[i].uri(), &out);
        if (!s.ok() || out.keys(0).key_material() != keys[i].key_material()) ++failures;
        ++reads;
      }
    });
  }
  v1::RotateMasterKeyRequest rotate;
  rotate.set_batch_size(25);
  rotate.set_max_batches(4);
  v1::RotateMasterKeyResponse progress;
  ASSERT_TRUE(
      stub_->RotateMasterKey(as(tokens_.deployment_admin_token()).get(), rotate, &progress).ok());
  EXPECT_EQ(progress.target_version(), 2);
  EXPECT_EQ(progress.rewrapped(), 100);
  EXPECT_EQ(progress.remaining(), 200);
  rotate.set_max_batches(0);  // resume until done
  ASSERT_TRUE(
      stub_->RotateMasterKey(as(tokens_.deployment_admin_token()).get(), rotate, &progress).ok());
  EXPECT_EQ(progress.rewrapped(), 200);
  EXPECT_EQ(progress.remaining(), 0);
  while (reads < 300) std::this_thread::sleep_for(10ms);
  stop = true;
  for (auto& r : readers) r.join();
  EXPECT_EQ(failures, 0) << "of " << reads << " reads";

  {
    pqxx::connection c(db_->uri());
    pqxx::work tx(c);
    EXPECT_EQ(
        tx.exec1("SELECT count(*) FROM kms_content_keys WHERE master_version <> 2")[0].as<int>(),
        0);
  }
  // Version 1 is gone from the Secret: every key still reads.
  start(kMasterV2, 0ms);
  for (const auto& k : keys) {
    v1::RetrieveKeysResponse out;
    ASSERT_TRUE(retrieve(alice, k.uri(), &out).ok());
    EXPECT_EQ(out.keys(0).key_material(), k.key_material());
  }
  v1::VerifyAuditResponse audit;
  ASSERT_TRUE(stub_->VerifyAudit(as(tokens_.deployment_admin_token()).get(), {}, &audit).ok());
  EXPECT_TRUE(audit.ok()) << audit.reason();
}

TEST_F(KmsRotationTest, OnlyADeploymentAdminRotates) {
  v1::RotateMasterKeyRequest rotate;
  v1::RotateMasterKeyResponse progress;
  EXPECT_EQ(
      stub_->RotateMasterKey(as(tokens_.user_token("org-a", "alice")).get(), rotate, &progress)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(
      stub_->RotateMasterKey(as(tokens_.service_token("org-a", "dlp")).get(), rotate, &progress)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace zt::kms::testing
