// The KMS API over gRPC on real PostgreSQL: authentication, bad input,
// binding rules, authorizations, and crypto-shredding.
#include <gmock/gmock.h>
#include <grpcpp/generic/generic_stub.h>

#include <future>
#include <pqxx/pqxx>

#include "key_file_provider.h"
#include "kms_fixture.h"
#include "zt/crypto/aead.h"

namespace zt::kms::testing {
namespace {

using ::testing::HasSubstr;

using KmsApiTest = KmsTest;

TEST_F(KmsApiTest, CallsNeedAValidBearerToken) {
  v1::CreateResourceRequest req;
  req.set_mode(v1::RESOURCE_MODE_STANDARD);
  v1::Resource out;
  grpc::ClientContext none;
  EXPECT_EQ(stub_->CreateResource(&none, req, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(stub_->CreateResource(as("not-a-token").get(), req, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  TokenAuthority stranger;  // signs with a key Control Hub never published
  EXPECT_EQ(stub_->CreateResource(as(stranger.user_token("org-a", "alice")).get(), req, &out)
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(
      stub_->CreateResource(as(tokens_.user_token("org-a", "alice")).get(), req, &out).ok());
  std::unique_ptr<SealedSession> session;
  EXPECT_EQ(SealedSession::open(*stub_, "not-a-token", test_kms_identity().trust(), &session)
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(KmsApiTest, KeyMaterialIsServedOnlyInsideASealedSession) {
  const std::string alice = tokens_.user_token("org-a", "alice");
  v1::CreateKeysRequest create;
  create.set_count(1);
  v1::CreateKeysResponse keys;
  grpc::Status s = stub_->CreateKeys(as(alice).get(), create, &keys);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("sealed session"));
  v1::Key k = create_key(alice);
  v1::RetrieveKeysRequest retrieve;
  retrieve.add_key_uris(k.uri());
  v1::RetrieveKeysResponse out;
  s = stub_->RetrieveKeys(as(alice).get(), retrieve, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(out.keys_size(), 0);
  ASSERT_TRUE(sealed(alice).call("RetrieveKeys", retrieve, &out).ok());
  EXPECT_EQ(out.keys(0).key_material(), k.key_material());
}

TEST_F(KmsApiTest, BadUrisAndMissingFieldsAreInvalidArgument) {
  const std::string alice = tokens_.user_token("org-a", "alice");
  v1::RetrieveKeysResponse out;
  for (const std::string& bad :
       {std::string("kms://kms.test/keys/nope"), std::string("kms://other/keys/x"),
        std::string("https://kms.test/keys/0f8fad5b-d9cb-469f-a165-70867728950e")}) {
    grpc::Status s = retrieve(alice, bad, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
    EXPECT_THAT(s.error_message(), HasSubstr("key_uris"));
  }
  v1::CreateResourceRequest no_mode;
  v1::Resource r;
  grpc::Status s = stub_->CreateResource(as(alice).get(), no_mode, &r);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("mode"));
}

TEST_F(KmsApiTest, UndecodableRequestBytesAreInvalidArgument) {
  grpc::GenericStub generic(grpc::CreateChannel("127.0.0.1:" + std::to_string(kms_->port()),
                                                grpc::InsecureChannelCredentials()));
  for (const char* method : {"/zt.kms.v1.Kms/Sealed", "/zt.kms.v1.Kms/OpenSession", "/zt.kms.v1.Kms/CreateResource",
                             "/zt.kms.v1.Kms/RotateMasterKey"}) {
    grpc::Slice slice(std::string("\xff\xff\xff\xff\x0f"));
    grpc::ByteBuffer request(&slice, 1), response;
    auto ctx = as(tokens_.user_token("org-a", "alice"));
    std::promise<grpc::Status> done;
    generic.UnaryCall(ctx.get(), method, {}, &request, &response,
                      [&](grpc::Status s) { done.set_value(s); });
    grpc::Status s = done.get_future().get();
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << method;
    EXPECT_THAT(s.error_message(), HasSubstr("is not a valid zt.kms.v1."));
  }
}

TEST_F(KmsApiTest, AKeyBindsToOneResourceOnce) {
  const std::string alice = tokens_.user_token("org-a", "alice");
  v1::Key k1 = create_key(alice);
  v1::Resource r1 = create_resource(alice, {k1.uri()}, v1::RESOURCE_MODE_STANDARD);
  v1::Resource r2 = create_resource(alice, {}, v1::RESOURCE_MODE_STANDARD);
  v1::BindKeyRequest bind;
  bind.set_resource_uri(r2.uri());
  bind.set_key_uri(k1.uri());
  v1::Key out;
  grpc::Status s = stub_->BindKey(as(alice).get(), bind, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("already bound"));
  v1::Key k2 = create_key(alice);
  bind.set_key_uri(k2.uri());
  ASSERT_TRUE(stub_->BindKey(as(alice).get(), bind, &out).ok());
  EXPECT_EQ(out.resource_uri(), r2.uri());
  EXPECT_TRUE(out.key_material().empty());
  // A failed CreateResource stores nothing: no resource, k1 still on r1.
  v1::CreateResourceRequest again;
  again.add_key_uris(k2.uri());
  again.set_mode(v1::RESOURCE_MODE_STANDARD);
  v1::Resource none;
  EXPECT_EQ(stub_->CreateResource(as(alice).get(), again, &none).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  pqxx::connection c(db_->uri());
  pqxx::work tx(c);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM kms_resources")[0].as<int>(), 2);
}

TEST_F(KmsApiTest, AuthorizationsAreListedChangedAndEnforced) {
  const std::string alice = tokens_.user_token("org-a", "alice");
  const std::string bob = tokens_.user_token("org-a", "bob");
  v1::Key k = create_key(alice);
  v1::Resource r = create_resource(alice, {k.uri()}, v1::RESOURCE_MODE_STANDARD, {"carol"});
  v1::ListAuthorizationsRequest list;
  list.set_resource_uri(r.uri());
  v1::Authorizations auths;
  ASSERT_TRUE(stub_->ListAuthorizations(as(alice).get(), list, &auths).ok());
  EXPECT_THAT(auths.principals(), ::testing::ElementsAre("alice", "carol"));
  EXPECT_EQ(stub_->ListAuthorizations(as(bob).get(), list, &auths).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::AuthorizeRequest add;
  add.set_resource_uri(r.uri());
  add.add_principals("bob");
  ASSERT_TRUE(stub_->Authorize(as(alice).get(), add, &auths).ok());
  v1::RetrieveKeysResponse out;
  EXPECT_TRUE(retrieve(bob, k.uri(), &out).ok());
  v1::DeauthorizeRequest remove;
  remove.set_resource_uri(r.uri());
  remove.add_principals("bob");
  ASSERT_TRUE(stub_->Deauthorize(as(alice).get(), remove, &auths).ok());
  EXPECT_THAT(auths.principals(), ::testing::ElementsAre("alice", "carol"));
  EXPECT_EQ(retrieve(bob, k.uri(), &out).error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(KmsApiTest, DeletingAResourceShredsItsKeys) {
  const std::string alice = tokens_.user_token("org-a", "alice");
  v1::Key k = create_key(alice);
  v1::Key other = create_key(alice);
  v1::Resource r = create_resource(alice, {k.uri()}, v1::RESOURCE_MODE_STANDARD, {"bob"});
  create_resource(alice, {other.uri()}, v1::RESOURCE_MODE_STANDARD);
  // Content encrypted under the key, as a client stores it in the cloud.
  const Bytes nonce(12, 9);
  const std::string notes = "meeting notes: the launch date";
  Bytes key_bytes(k.key_material().begin(), k.key_material().end());
  Bytes stored_ciphertext = crypto::aead_seal(crypto::AeadAlgorithm::kAes256Gcm, key_bytes, nonce,
                                              {}, Bytes(notes.begin(), notes.end()));

  v1::DeleteResourceRequest del;
  del.set_resource_uri(r.uri());
  v1::DeleteResourceResponse deleted;
  EXPECT_EQ(stub_->DeleteResource(as(tokens_.user_token("org-a", "bob")).get(), del, &deleted)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);  // only the owner
  ASSERT_TRUE(stub_->DeleteResource(as(alice).get(), del, &deleted).ok());
  EXPECT_EQ(deleted.keys_destroyed(), 1);

  v1::RetrieveKeysResponse out;
  EXPECT_EQ(retrieve(alice, k.uri(), &out).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // Nobody can open the ciphertext any more: not even with the master key
  // and every wrapped key left in the database.
  KeyFileProvider master(crypto::SecretBytes(as_bytes(kMasterV1)));
  pqxx::connection c(db_->uri());
  pqxx::work tx(c);
  auto rows = tx.exec("SELECT id::text, master_version, wrapped FROM kms_content_keys");
  EXPECT_EQ(rows.size(), 1u);  // only the other resource's key
  int opened = 0;
  for (const auto& row : rows) {
    std::string uri = "kms://kms.test/keys/" + row[0].as<std::string>();
    pqxx::binarystring wrapped(row[2]);
    crypto::SecretBytes candidate = master.unwrap(row[1].as<int>(), wrap_aad(uri, row[1].as<int>()),
                                                  Bytes(wrapped.begin(), wrapped.end()));
    auto plain = crypto::aead_open(crypto::AeadAlgorithm::kAes256Gcm, candidate.reveal(), nonce, {},
                                   stored_ciphertext);
    if (plain) ++opened;
  }
  EXPECT_EQ(opened, 0);
  auto before =
      crypto::aead_open(crypto::AeadAlgorithm::kAes256Gcm, key_bytes, nonce, {}, stored_ciphertext);
  EXPECT_TRUE(before);  // (the key itself did open it: the test's ciphertext is real)
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM kms_resources")[0].as<int>(), 1);
}

}  // namespace
}  // namespace zt::kms::testing
