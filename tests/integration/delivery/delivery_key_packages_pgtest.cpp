// The KeyPackage directory (issue 14 point 2) on real PostgreSQL: uploads
// are validated package by package (nothing stored on a refusal), claims
// are single use even under concurrency, the last-resort package is served
// only when nothing else is left, expired packages never are.
#include <gmock/gmock.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "delivery_fixture.h"
#include "zt/mls/crypto_labels.h"
#include "zt/mls/key_package_validation.h"

namespace zt::delivery::testing {
namespace {

using ::testing::HasSubstr;

class KeyPackageTest : public DeliveryTest {
 protected:
  grpc::Status claim(const Device& by, const std::string& device_id,
                     v1::ClaimKeyPackageResponse* out, uint32_t suite = kSuite) {
    v1::ClaimKeyPackageRequest req;
    req.set_device_id(device_id);
    req.set_cipher_suite(suite);
    auto ctx = context_for(by.token);
    return stub_->ClaimKeyPackage(ctx.get(), req, out);
  }
  v1::CountKeyPackagesResponse count(const Device& d) {
    v1::CountKeyPackagesRequest req;
    req.set_cipher_suite(kSuite);
    v1::CountKeyPackagesResponse out;
    auto ctx = context_for(d.token);
    EXPECT_TRUE(stub_->CountKeyPackages(ctx.get(), req, &out).ok());
    return out;
  }
  // `n` normal packages and one last-resort package.
  std::vector<mls::KeyPackage> batch(const Device& d, int n) {
    std::vector<mls::KeyPackage> out;
    for (int i = 0; i < n; ++i) out.push_back(key_package(d).key_package);
    out.push_back(key_package(d, /*last_resort=*/true).key_package);
    return out;
  }
  uint64_t now_s() const {
    return static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count());
  }
};

TEST_F(KeyPackageTest, UploadReturnsRefsAndCounts) {
  Device d = device();
  auto packages = batch(d, 3);
  v1::UploadKeyPackagesResponse out;
  ASSERT_TRUE(upload(d, packages, &out).ok());
  ASSERT_EQ(out.refs_size(), 4);
  EXPECT_EQ(out.refs(0),
            to_string(mls::make_key_package_ref(mls::suite_algorithms(kSuite), packages[0])));
  EXPECT_EQ(out.available(), 3u);
  auto c = count(d);
  EXPECT_EQ(c.available(), 3u);
  EXPECT_TRUE(c.has_last_resort());
}

TEST_F(KeyPackageTest, ClaimsAreSingleUseThenTheLastResortOneIsReused) {
  Device owner = device();
  Device adder = device();
  auto packages = batch(owner, 2);
  ASSERT_TRUE(upload(owner, packages).ok());
  std::set<std::string> served;
  for (int i = 0; i < 2; ++i) {
    v1::ClaimKeyPackageResponse out;
    ASSERT_TRUE(claim(adder, owner.id, &out).ok());
    EXPECT_FALSE(out.last_resort());
    EXPECT_TRUE(served.insert(out.key_package()).second);
  }
  for (int i = 0; i < 2; ++i) {
    v1::ClaimKeyPackageResponse out;
    ASSERT_TRUE(claim(adder, owner.id, &out).ok());
    EXPECT_TRUE(out.last_resort());
    EXPECT_EQ(out.key_package(), to_string(mls::encode(packages.back())));
  }
  EXPECT_EQ(count(owner).available(), 0u);
}

TEST_F(KeyPackageTest, HundredConcurrentClaimsAgainstTenPackages) {
  Device owner = device();
  auto packages = batch(owner, 10);
  ASSERT_TRUE(upload(owner, packages).ok());
  std::vector<Device> adders;
  for (int i = 0; i < 4; ++i) adders.push_back(device());
  std::mutex mu;
  std::map<std::string, int> normal;
  int last_resort = 0;
  int failed = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < 100; ++i) {
    threads.emplace_back([&, i] {
      auto stub = ds_->stub();
      v1::ClaimKeyPackageRequest req;
      req.set_device_id(owner.id);
      req.set_cipher_suite(kSuite);
      v1::ClaimKeyPackageResponse out;
      auto ctx = context_for(adders[static_cast<size_t>(i) % adders.size()].token);
      grpc::Status st = stub->ClaimKeyPackage(ctx.get(), req, &out);
      std::lock_guard lock(mu);
      if (!st.ok()) {
        ++failed;
      } else if (out.last_resort()) {
        ++last_resort;
      } else {
        ++normal[out.key_package()];
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(normal.size(), 10u);                       // each of the 10 served ...
  for (const auto& [kp, n] : normal) EXPECT_EQ(n, 1);  // ... exactly once
  EXPECT_EQ(last_resort, 90);
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(normal.count(to_string(mls::encode(packages[static_cast<size_t>(i)]))), 1u);
}

TEST_F(KeyPackageTest, ADeviceWithNothingIsNotFound) {
  Device owner = device();
  Device adder = device();
  v1::ClaimKeyPackageResponse out;
  grpc::Status st = claim(adder, owner.id, &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(st.error_message(), HasSubstr("has no key package"));
}

TEST_F(KeyPackageTest, AnotherOrgsDeviceLooksAbsent) {
  Device owner = device("org-a");
  Device stranger = device("org-b");
  ASSERT_TRUE(upload(owner, batch(owner, 1)).ok());
  v1::ClaimKeyPackageResponse out;
  EXPECT_EQ(claim(stranger, owner.id, &out).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(count(owner).available(), 1u);
}

TEST_F(KeyPackageTest, ExpiredPackagesAreNeverServed) {
  Device owner = device();
  Device adder = device();
  uint64_t now = now_s();
  std::vector<mls::KeyPackage> packages{
      key_package(owner, false, {now - 10, now + 60}).key_package,
      key_package(owner, true, {now - 10, now + 120}).key_package};
  ASSERT_TRUE(upload(owner, packages).ok());
  clock_.advance(std::chrono::seconds(90));  // the normal one has expired, the last-resort one not
  adder.token = tokens_.device_token(adder.org, adder.id);
  v1::ClaimKeyPackageResponse out;
  ASSERT_TRUE(claim(adder, owner.id, &out).ok());
  EXPECT_TRUE(out.last_resort());
  clock_.advance(std::chrono::seconds(60));  // now both have
  adder.token = tokens_.device_token(adder.org, adder.id);
  EXPECT_EQ(claim(adder, owner.id, &out).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(KeyPackageTest, RefusalsNameThePackageAndStoreNothing) {
  Device d = device();
  Device other = device();
  auto expect_refused = [&](std::vector<mls::KeyPackage> packages, grpc::StatusCode code,
                            const std::string& text) {
    v1::UploadKeyPackagesResponse out;
    grpc::Status st = upload(d, packages, &out);
    EXPECT_EQ(st.error_code(), code) << text << ": " << st.error_message();
    EXPECT_THAT(st.error_message(), HasSubstr(text));
    EXPECT_EQ(count(d).available(), 0u);
    EXPECT_FALSE(count(d).has_last_resort());
  };
  // No last-resort package, and two of them.
  expect_refused({key_package(d).key_package}, grpc::StatusCode::INVALID_ARGUMENT,
                 "exactly one last-resort");
  expect_refused({key_package(d, true).key_package, key_package(d, true).key_package},
                 grpc::StatusCode::INVALID_ARGUMENT, "exactly one last-resort");
  // A bad signature on the second package.
  auto bad = batch(d, 1);
  bad[1].signature.back() ^= 1;
  expect_refused(bad, grpc::StatusCode::INVALID_ARGUMENT,
                 "key_packages[1]: key package signature does not verify");
  // Expired lifetime.
  uint64_t now = now_s();
  expect_refused({key_package(d, true, {now - 100, now - 50}).key_package},
                 grpc::StatusCode::INVALID_ARGUMENT, "lifetime");
  // Another device's credential.
  expect_refused({key_package(other, true).key_package}, grpc::StatusCode::PERMISSION_DENIED,
                 "does not name the calling device");
  // The same package twice.
  auto twice = batch(d, 1);
  twice.insert(twice.begin(), twice[0]);
  expect_refused(twice, grpc::StatusCode::INVALID_ARGUMENT, "uploaded twice");
  // Bytes that are not a KeyPackage, and a package of another suite.
  v1::UploadKeyPackagesRequest req;
  req.set_cipher_suite(kSuite);
  req.add_key_packages("not a key package");
  v1::UploadKeyPackagesResponse out;
  auto ctx = context_for(d.token);
  grpc::Status st = stub_->UploadKeyPackages(ctx.get(), req, &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(st.error_message(), HasSubstr("key_packages[0]: not a KeyPackage"));
  req.set_cipher_suite(3);
  req.clear_key_packages();
  req.add_key_packages(to_string(mls::encode(key_package(d, true).key_package)));
  auto ctx2 = context_for(d.token);
  st = stub_->UploadKeyPackages(ctx2.get(), req, &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(st.error_message(), HasSubstr("cipher suite"));
  req.set_cipher_suite(77);
  auto ctx3 = context_for(d.token);
  EXPECT_THAT(stub_->UploadKeyPackages(ctx3.get(), req, &out).error_message(),
              HasSubstr("not an MLS cipher suite"));
}

TEST_F(KeyPackageTest, ANewBatchReplacesTheLastResortPackage) {
  Device d = device();
  Device adder = device();
  auto first = batch(d, 0);
  auto second = batch(d, 0);
  ASSERT_TRUE(upload(d, first).ok());
  ASSERT_TRUE(upload(d, second).ok());
  v1::ClaimKeyPackageResponse out;
  ASSERT_TRUE(claim(adder, d.id, &out).ok());
  EXPECT_TRUE(out.last_resort());
  EXPECT_EQ(out.key_package(), to_string(mls::encode(second.back())));
}

TEST_F(KeyPackageTest, MetricsShowPackagesLeftPerDevice) {
  Device d = device();
  Device adder = device();
  ASSERT_TRUE(upload(d, batch(d, 3)).ok());
  v1::ClaimKeyPackageResponse out;
  ASSERT_TRUE(claim(adder, d.id, &out).ok());
  double left = -1;
  for (const auto& family : ds_->registry().Collect()) {
    if (family.name != "zt_delivery_key_packages_left") continue;
    for (const auto& m : family.metric) {
      for (const auto& l : m.label) {
        if (l.name == "device_id" && l.value == d.id) left = m.gauge.value;
      }
    }
  }
  EXPECT_EQ(left, 2);
}

}  // namespace
}  // namespace zt::delivery::testing
