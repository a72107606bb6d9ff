// Sealed client-KMS sessions against real PostgreSQL: replayed, reordered,
// tampered, expired and misdirected sealed requests are refused with
// nothing changed; the KMS's session key is trusted only through its
// certificate; and the bytes between client and KMS, captured by a TCP
// proxy in the middle, hold no key material.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kms_fixture.h"
#include "tcp_capture_proxy.h"

namespace zt::kms::testing {
namespace {

using ::testing::HasSubstr;

class KmsSealedSessionTest : public KmsTest {
 protected:
  // What a refusal must leave alone: the audit chain and the stored keys.
  std::pair<int64_t, int> state() {
    int keys = kms_->pool().run([](pqxx::connection& c) {
      pqxx::work tx(c);
      return tx.exec1("SELECT count(*) FROM kms_content_keys")[0].as<int>();
    });
    return {kms_->app().store().audit_head().seq, keys};
  }
  v1::CreateKeysRequest create_one() {
    v1::CreateKeysRequest r;
    r.set_count(1);
    return r;
  }
  const std::string alice = tokens_.user_token("org-a", "alice");
};

TEST_F(KmsSealedSessionTest, AReplayedSealedRequestIsRefusedWithNothingChanged) {
  SealedSession& s = sealed(alice);
  v1::SealedRequest req = s.seal("CreateKeys", create_one());
  v1::CreateKeysResponse out;
  ASSERT_TRUE(s.send(req, &out).ok());
  ASSERT_EQ(out.keys_size(), 1);
  auto before = state();
  grpc::Status replay = s.send(req, &out);
  EXPECT_EQ(replay.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(replay.error_message(), HasSubstr("replayed or reordered"));
  EXPECT_EQ(state(), before);
  // The session goes on.
  EXPECT_TRUE(s.call("CreateKeys", create_one(), &out).ok());
}

TEST_F(KmsSealedSessionTest, ReorderedSealedRequestsAreRefused) {
  SealedSession& s = sealed(alice);
  v1::SealedRequest first = s.seal("CreateKeys", create_one());
  v1::SealedRequest second = s.seal("CreateKeys", create_one());
  v1::CreateKeysResponse out;
  ASSERT_TRUE(s.send(second, &out).ok());
  auto before = state();
  EXPECT_EQ(s.send(first, &out).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(state(), before);
}

TEST_F(KmsSealedSessionTest, ATamperedSealedRequestIsRefusedAndDoesNotUseUpItsSequence) {
  SealedSession& s = sealed(alice);
  v1::SealedRequest req = s.seal("CreateKeys", create_one());
  auto before = state();
  v1::CreateKeysResponse out;
  for (size_t i : {size_t{0}, req.ciphertext().size() / 2, req.ciphertext().size() - 1}) {
    v1::SealedRequest bad = req;
    (*bad.mutable_ciphertext())[i] ^= 0x01;
    EXPECT_EQ(s.send(bad, &out).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  }
  v1::SealedRequest moved = req;  // the same bytes under another sequence number
  moved.set_sequence(req.sequence() + 1);
  EXPECT_EQ(s.send(moved, &out).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  v1::SealedRequest truncated = req;
  truncated.mutable_ciphertext()->resize(5);
  EXPECT_EQ(s.send(truncated, &out).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(state(), before);
  EXPECT_TRUE(s.send(req, &out).ok());  // the genuine one still goes through
}

TEST_F(KmsSealedSessionTest, AnExpiredSealedRequestIsRefusedWithNothingChanged) {
  SealedSession& s = sealed(alice);
  const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  auto before = state();
  v1::CreateKeysResponse out;
  grpc::Status expired = s.send(s.seal("CreateKeys", create_one(), now_ms - 1000), &out);
  EXPECT_EQ(expired.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(expired.error_message(), HasSubstr("expired"));
  EXPECT_EQ(s.send(s.seal("CreateKeys", create_one(), now_ms + 3'600'000), &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(state(), before);
}

TEST_F(KmsSealedSessionTest, ASealedCallRunsAsTheSessionsOpener) {
  SealedSession& s = sealed(alice);
  v1::SealedRequest req = s.seal("CreateKeys", create_one());
  // Another principal's token changes nothing: the session is the credential.
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", "Bearer " + tokens_.user_token("org-a", "mallory"));
  v1::SealedResponse answer;
  ASSERT_TRUE(stub_->Sealed(&ctx, req, &answer).ok());
  auto records = kms_->app().store().read_audit(0, 1000);
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records.back().event.actor, "alice");
  EXPECT_EQ(records.back().event.action, "create_keys");
  auto before = state();
  v1::SealedRequest unknown = s.seal("CreateKeys", create_one());
  unknown.set_session_id(std::string(16, 'x'));
  v1::CreateKeysResponse out;
  EXPECT_EQ(s.send(unknown, &out).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(state(), before);
}

TEST_F(KmsSealedSessionTest, InnerRefusalsTravelSealedWithTheirOwnStatus) {
  SealedSession& s = sealed(alice);
  v1::RetrieveKeysRequest req;
  req.add_key_uris("kms://kms.test/keys/0f8fad5b-d9cb-469f-a165-70867728950e");
  v1::RetrieveKeysResponse out;
  EXPECT_EQ(s.call("RetrieveKeys", req, &out).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  req.set_key_uris(0, "kms://kms.test/keys/nope");
  EXPECT_EQ(s.call("RetrieveKeys", req, &out).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.call("NoSuchMethod", req, &out).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(KmsSealedSessionTest, TheKmsKeyIsTrustedOnlyThroughItsCertificate) {
  std::unique_ptr<SealedSession> session;
  TestKmsIdentity other;  // another CA and another KMS key
  grpc::Status s = SealedSession::open(*stub_, alice, other.trust(), &session);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(s.error_message(), HasSubstr("does not chain to a trusted root"));
  KmsTrust wrong_domain = test_kms_identity().trust();
  wrong_domain.domain = "kms.elsewhere";
  EXPECT_EQ(SealedSession::open(*stub_, alice, wrong_domain, &session).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  // A published key whose signature does not match is refused by the client.
  grpc::ClientContext ctx;
  v1::SessionKey published;
  ASSERT_TRUE(stub_->GetSessionKey(&ctx, {}, &published).ok());
  (*published.mutable_hpke_public_key())[0] ^= 1;
  EXPECT_THROW(verified_session_key(published, test_kms_identity().trust(),
                                    std::chrono::system_clock::now()),
               UntrustedSessionKey);
}

TEST_F(KmsSealedSessionTest, RequestsSealedToAnOldKmsKeyAreRefused) {
  grpc::ClientContext ctx;
  v1::SessionKey published;
  ASSERT_TRUE(stub_->GetSessionKey(&ctx, {}, &published).ok());
  v1::OpenSessionRequest open;
  open.set_key_id(std::string(32, '0'));
  open.set_enc(std::string(32, '\x01'));
  open.set_ciphertext("x");
  grpc::ClientContext c2;
  c2.AddMetadata("authorization", "Bearer " + alice);
  v1::OpenSessionResponse opened;
  grpc::Status s = stub_->OpenSession(&c2, open, &opened);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("fetch GetSessionKey again"));
  open.set_key_id(published.key_id());  // the right key id, bytes that do not open
  grpc::ClientContext c3;
  c3.AddMetadata("authorization", "Bearer " + alice);
  EXPECT_EQ(stub_->OpenSession(&c3, open, &opened).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(KmsSealedSessionTest, ACaptureBetweenClientAndKmsHoldsNoKeyMaterial) {
  TcpCaptureProxy proxy(kms_->port());
  auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(proxy.port()),
                                     grpc::InsecureChannelCredentials());
  auto stub = v1::Kms::NewStub(channel);
  std::unique_ptr<SealedSession> session;
  ASSERT_TRUE(SealedSession::open(*stub, alice, test_kms_identity().trust(), &session).ok());
  v1::CreateKeysRequest create;
  create.set_count(5);
  v1::CreateKeysResponse created;
  ASSERT_TRUE(session->call("CreateKeys", create, &created).ok());
  std::vector<std::string> uris;
  for (const auto& k : created.keys()) uris.push_back(k.uri());
  v1::CreateResourceRequest cr;
  for (const auto& u : uris) cr.add_key_uris(u);
  cr.set_mode(v1::RESOURCE_MODE_STANDARD);
  v1::Resource resource;
  ASSERT_TRUE(session->call("CreateResource", cr, &resource).ok());
  v1::RetrieveKeysRequest retrieve;
  for (const auto& u : uris) retrieve.add_key_uris(u);
  v1::RetrieveKeysResponse got;
  ASSERT_TRUE(session->call("RetrieveKeys", retrieve, &got).ok());
  ASSERT_EQ(got.keys_size(), 5);
  // A control: a call made outside the session shows up in the clear.
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", "Bearer " + alice);
  v1::ListAuthorizationsRequest list;
  list.set_resource_uri(resource.uri());
  v1::Authorizations auths;
  ASSERT_TRUE(stub->ListAuthorizations(&ctx, list, &auths).ok());
  session.reset();
  stub.reset();
  channel.reset();

  std::string wire = proxy.captured();
  ASSERT_GT(wire.size(), 2000u);
  EXPECT_NE(wire.find(resource.uri()), std::string::npos) << "the capture sees plain gRPC";
  for (const auto& k : got.keys()) {
    ASSERT_EQ(k.key_material().size(), 32u);
    EXPECT_EQ(wire.find(k.key_material()), std::string::npos) << "key material in the clear";
    EXPECT_EQ(wire.find(k.key_material().substr(0, 12)), std::string::npos);
    Bytes raw(k.key_material().begin(), k.key_material().end());
    EXPECT_EQ(wire.find(to_hex(raw)), std::string::npos);
    EXPECT_EQ(wire.find(k.uri()), std::string::npos) << "sealed calls hide even the key URIs";
  }
}

}  // namespace
}  // namespace zt::kms::testing
