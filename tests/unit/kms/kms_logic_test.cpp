// The KMS logic on the in-memory Store: URIs, the key file, wrapping, the
// key cache, binding rules, access refusals that reveal nothing, rotation
// and the audit chain, with a manual clock and no PostgreSQL.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "audit_chain.h"
#include "domain_error.h"
#include "key_file_provider.h"
#include "kms_api.h"
#include "memory_store.h"
#include "zt/crypto/error.h"

namespace zt::kms {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kKeyV1 = std::string(64, 'a');
const std::string kKeyV2 = std::string(64, 'b');
// A key file's contents, as KeyFileProvider receives them.
crypto::SecretBytes key_file(const std::string& text) { return crypto::SecretBytes(as_bytes(text)); }

template <class Fn>
ErrorCode code_of(Fn&& fn) {
  try {
    fn();
  } catch (const DomainError& e) {
    return e.code();
  }
  ADD_FAILURE() << "no DomainError";
  return ErrorCode::kUnavailable;
}

template <class Fn>
std::string message_of(Fn&& fn) {
  try {
    fn();
  } catch (const DomainError& e) {
    return e.what();
  }
  return "";
}

TEST(KmsUriTest, FormatsAndParsesItsOwnUris) {
  UriCodec uris("kms.example.com");
  std::string id = random_uuid(crypto::SystemRandom::instance());
  EXPECT_TRUE(is_canonical_uuid(id));
  EXPECT_EQ(uris.format(UriKind::kKey, id), "kms://kms.example.com/keys/" + id);
  EXPECT_EQ(uris.parse(UriKind::kKey, uris.format(UriKind::kKey, id), "key_uri"), id);
  EXPECT_EQ(uris.parse(UriKind::kResource, uris.format(UriKind::kResource, id), "r"), id);
}

TEST(KmsUriTest, RefusesMalformedAndForeignUrisNamingTheField) {
  UriCodec uris("kms.example.com");
  const std::string id = "0f8fad5b-d9cb-469f-a165-70867728950e";
  for (const std::string& bad : std::vector<std::string>{
           std::string(""), "kms://kms.example.com/keys/", "http://kms.example.com/keys/" + id,
           "kms://other.example.com/keys/" + id, "kms://kms.example.com.evil/keys/" + id,
           "kms://kms.example.com/resources/" + id, "kms://kms.example.com/keys/" + id + "x",
           "kms://kms.example.com/keys/0F8FAD5B-D9CB-469F-A165-70867728950E",
           "kms://kms.example.com/keys/" + std::string(600, 'a'), std::string("kms://\0", 7)}) {
    try {
      uris.parse(UriKind::kKey, bad, "key_uri");
      ADD_FAILURE() << "accepted " << bad;
    } catch (const DomainError& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
      EXPECT_EQ(e.field(), "key_uri");
    }
  }
}

TEST(KeyFileProviderTest, ReadsVersionsAndWrapsUnderTheNewest) {
  KeyFileProvider p(key_file("# master keys\n1:" + kKeyV1 + "\n2:" + kKeyV2 + "\n"));
  EXPECT_EQ(p.current_version(), 2);
  EXPECT_EQ(p.versions(), (std::vector<int>{1, 2}));
  crypto::SecretBytes key(Bytes(32, 7));
  Bytes aad = wrap_aad("kms://d/keys/x", 2);
  Bytes wrapped = p.wrap(2, aad, key, crypto::SystemRandom::instance());
  EXPECT_EQ(wrapped.size(), 12u + 32u + 16u);
  EXPECT_EQ(Bytes(wrapped.begin() + 12, wrapped.begin() + 44) == Bytes(32, 7), false);
  EXPECT_TRUE(p.unwrap(2, aad, wrapped) == key);
  // Moved to another URI or labelled with another version, it does not open.
  EXPECT_THROW(p.unwrap(2, wrap_aad("kms://d/keys/y", 2), wrapped), crypto::CryptoError);
  EXPECT_THROW(p.unwrap(1, wrap_aad("kms://d/keys/x", 1), wrapped), crypto::CryptoError);
  EXPECT_EQ(code_of([&] { p.unwrap(3, aad, wrapped); }), ErrorCode::kUnavailable);
  EXPECT_EQ(KeyFileProvider(key_file(kKeyV1 + "\n")).current_version(), 1);  // a bare key is version 1
}

TEST(KeyFileProviderTest, ABadFileIsRefusedWithoutEchoingTheKey) {
  for (const std::string& bad : std::vector<std::string>{
           std::string(""), "1:" + kKeyV1.substr(2), "x:" + kKeyV1, "1:" + kKeyV1 + "\n1:" + kKeyV2,
           "0:" + kKeyV1, "1:" + std::string(64, 'g')}) {
    try {
      KeyFileProvider p(key_file(bad));
      ADD_FAILURE() << "accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_THAT(e.what(), Not(HasSubstr("aaaaaaaa")));
      EXPECT_THAT(e.what(), Not(HasSubstr("bbbbbbbb")));
    }
  }
  crypto::SecretBytes generated = KeyFileProvider::generate(4, crypto::SystemRandom::instance());
  EXPECT_EQ(KeyFileProvider(generated).current_version(), 4);
}

TEST(KeyCacheTest, EntriesExpireAndTheOldestIsEvictedAtCapacity) {
  ManualClock clock;
  KeyCache cache(clock, std::chrono::seconds(10), 2);
  cache.put("a", crypto::SecretBytes(Bytes(32, 1)));
  cache.put("b", crypto::SecretBytes(Bytes(32, 2)));
  cache.put("c", crypto::SecretBytes(Bytes(32, 3)));
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_FALSE(cache.get("a"));
  EXPECT_TRUE(*cache.get("c") == crypto::SecretBytes(Bytes(32, 3)));
  clock.advance(std::chrono::seconds(11));
  EXPECT_FALSE(cache.get("b"));
  EXPECT_FALSE(cache.get("c"));
  EXPECT_EQ(cache.size(), 0u);
  KeyCache off(clock, std::chrono::milliseconds(0), 10);
  off.put("a", crypto::SecretBytes(Bytes(32, 1)));
  EXPECT_EQ(off.size(), 0u);
}

class KmsLogicTest : public ::testing::Test {
 protected:
  Caller user(const std::string& id, const std::string& org = "org-a") {
    return {id, org, CallerKind::kUser, "", false};
  }
  Caller service(const std::string& role, const std::string& org = "org-a") {
    return {"svc-" + role, org, CallerKind::kService, role, false};
  }
  Caller deployment_admin() { return {"ops", "org-a", CallerKind::kAdmin, "", true}; }

  v1::Key create_key(const Caller& c) {
    v1::CreateKeysRequest req;
    req.set_count(1);
    return api_.create_keys(c, req).keys(0);
  }
  v1::Resource create_resource(const Caller& c, const std::vector<std::string>& keys,
                               v1::ResourceMode mode = v1::RESOURCE_MODE_STANDARD,
                               const std::vector<std::string>& principals = {}) {
    v1::CreateResourceRequest req;
    for (const auto& k : keys) req.add_key_uris(k);
    for (const auto& p : principals) req.add_authorized_principals(p);
    req.set_mode(mode);
    return api_.create_resource(c, req);
  }
  v1::RetrieveKeysResponse retrieve(const Caller& c, const std::string& uri,
                                    const std::string& purpose = "") {
    v1::RetrieveKeysRequest req;
    req.add_key_uris(uri);
    req.set_purpose(purpose);
    return api_.retrieve_keys(c, req);
  }

  ManualClock clock_;
  testing::MemoryStore store_;
  KeyFileProvider master_keys_{key_file("1:" + kKeyV1 + "\n")};
  KeyCache cache_{clock_, std::chrono::seconds(60), 100};
  UriCodec uris_{"kms.test"};
  KmsApi api_{KmsApiDeps{store_, master_keys_, cache_, uris_, clock_,
                         crypto::SystemRandom::instance(), nullptr},
              KmsApiOptions{}};
};

TEST_F(KmsLogicTest, CreatedKeysAreStoredOnlyWrapped) {
  v1::CreateKeysRequest req;
  req.set_count(3);
  auto keys = api_.create_keys(user("alice"), req);
  ASSERT_EQ(keys.keys_size(), 3);
  for (const auto& k : keys.keys()) {
    EXPECT_EQ(k.key_material().size(), 32u);
    EXPECT_EQ(k.expires_at_unix() - k.created_at_unix(), 3600);
    auto stored = store_.find_key(uris_.parse(UriKind::kKey, k.uri(), "k"));
    ASSERT_TRUE(stored);
    std::string wrapped(stored->wrapped.begin(), stored->wrapped.end());
    EXPECT_EQ(wrapped.find(k.key_material()), std::string::npos);
    EXPECT_EQ(stored->master_version, 1);
  }
  req.set_count(0);
  EXPECT_EQ(code_of([&] { api_.create_keys(user("alice"), req); }), ErrorCode::kInvalidArgument);
  req.set_count(101);
  EXPECT_EQ(code_of([&] { api_.create_keys(user("alice"), req); }), ErrorCode::kInvalidArgument);
}

TEST_F(KmsLogicTest, AKeyBindsOnceBeforeItExpiresAndOnlyByItsCreator) {
  auto k1 = create_key(user("alice"));
  auto r = create_resource(user("alice"), {k1.uri()});
  EXPECT_EQ(r.key_uris(0), k1.uri());
  // Bound once: a second resource cannot take it.
  EXPECT_EQ(code_of([&] { create_resource(user("alice"), {k1.uri()}); }),
            ErrorCode::kFailedPrecondition);
  v1::BindKeyRequest bind;
  bind.set_resource_uri(r.uri());
  bind.set_key_uri(k1.uri());
  EXPECT_EQ(code_of([&] { api_.bind_key(user("alice"), bind); }), ErrorCode::kFailedPrecondition);
  // Someone else's key: refused like a key that does not exist.
  auto bobs = create_key(user("bob"));
  bind.set_key_uri(bobs.uri());
  EXPECT_EQ(code_of([&] { api_.bind_key(user("alice"), bind); }), ErrorCode::kPermissionDenied);
  // Expired unbound: FAILED_PRECONDITION, and nothing changed.
  auto k2 = create_key(user("alice"));
  clock_.advance(std::chrono::seconds(3601));
  bind.set_key_uri(k2.uri());
  EXPECT_THAT(message_of([&] { api_.bind_key(user("alice"), bind); }), HasSubstr("expired"));
  EXPECT_TRUE(store_.find_key(uris_.parse(UriKind::kKey, k2.uri(), "k"))->resource_id.empty());
  auto k3 = create_key(user("alice"));
  bind.set_key_uri(k3.uri());
  EXPECT_EQ(api_.bind_key(user("alice"), bind).resource_uri(), r.uri());
}

TEST_F(KmsLogicTest, RefusalsDoNotRevealWhetherAKeyExists) {
  auto k = create_key(user("alice"));
  create_resource(user("alice"), {k.uri()});
  std::string unknown = uris_.format(UriKind::kKey, random_uuid(crypto::SystemRandom::instance()));
  std::string exists = message_of([&] { retrieve(user("mallory"), k.uri()); });
  std::string missing = message_of([&] { retrieve(user("mallory"), unknown); });
  EXPECT_EQ(exists, missing);
  EXPECT_EQ(code_of([&] { retrieve(user("mallory"), unknown); }), ErrorCode::kPermissionDenied);
  EXPECT_EQ(code_of([&] { retrieve(user("alice"), "kms://elsewhere/keys/x"); }),
            ErrorCode::kInvalidArgument);
}

TEST_F(KmsLogicTest, AuthorizeAndDeauthorizeChangeWhoReads) {
  auto k = create_key(user("alice"));
  auto r = create_resource(user("alice"), {k.uri()});
  EXPECT_EQ(code_of([&] { retrieve(user("bob"), k.uri()); }), ErrorCode::kPermissionDenied);
  v1::AuthorizeRequest a;
  a.set_resource_uri(r.uri());
  a.add_principals("bob");
  EXPECT_EQ(api_.authorize(user("alice"), a).principals_size(), 2);
  EXPECT_EQ(retrieve(user("bob"), k.uri()).keys(0).key_material(), k.key_material());
  v1::DeauthorizeRequest d;
  d.set_resource_uri(r.uri());
  d.add_principals("alice");
  EXPECT_EQ(code_of([&] { api_.deauthorize(user("bob"), d); }),
            ErrorCode::kInvalidArgument);  // the owner stays
  d.set_principals(0, "bob");
  api_.deauthorize(user("alice"), d);
  EXPECT_EQ(code_of([&] { retrieve(user("bob"), k.uri()); }), ErrorCode::kPermissionDenied);
  a.set_principals(0, "has space");
  EXPECT_EQ(code_of([&] { api_.authorize(user("alice"), a); }), ErrorCode::kInvalidArgument);
}

TEST_F(KmsLogicTest, RotationRewrapsEveryKeyAndTheyStillRead) {
  std::vector<v1::Key> keys;
  for (int i = 0; i < 7; ++i) keys.push_back(create_key(user("alice")));
  // The operator adds version 2 to the key file: a provider that holds both.
  KeyFileProvider both(key_file("1:" + kKeyV1 + "\n2:" + kKeyV2 + "\n"));
  KmsApi rotated{
      KmsApiDeps{store_, both, cache_, uris_, clock_, crypto::SystemRandom::instance(), nullptr},
      KmsApiOptions{}};
  v1::RotateMasterKeyRequest req;
  req.set_batch_size(3);
  req.set_max_batches(1);
  EXPECT_EQ(code_of([&] { rotated.rotate_master_key(user("alice"), req); }),
            ErrorCode::kPermissionDenied);
  auto first = rotated.rotate_master_key(deployment_admin(), req);
  EXPECT_EQ(first.target_version(), 2);
  EXPECT_EQ(first.rewrapped(), 3);
  EXPECT_EQ(first.remaining(), 4);
  req.set_max_batches(0);
  auto rest = rotated.rotate_master_key(deployment_admin(), req);  // resumes where it stopped
  EXPECT_EQ(rest.rewrapped(), 4);
  EXPECT_EQ(rest.remaining(), 0);
  // Version 1 can go: every key reads under version 2 alone.
  KeyFileProvider only_v2(key_file("2:" + kKeyV2 + "\n"));
  KeyCache cold{clock_, std::chrono::seconds(0), 0};
  KmsApi after{
      KmsApiDeps{store_, only_v2, cold, uris_, clock_, crypto::SystemRandom::instance(), nullptr},
      KmsApiOptions{}};
  for (const auto& k : keys) {
    v1::RetrieveKeysRequest r;
    r.add_key_uris(k.uri());
    EXPECT_EQ(after.retrieve_keys(user("alice"), r).keys(0).key_material(), k.key_material());
  }
  EXPECT_TRUE(AuditVerifier(store_, 2).verify().ok);
}

TEST_F(KmsLogicTest, TheAuditChainNamesTheFirstTamperedRecord) {
  for (int i = 0; i < 5; ++i) create_key(user("alice"));
  auto verdict = AuditVerifier(store_, 2).verify();
  EXPECT_TRUE(verdict.ok);
  EXPECT_EQ(verdict.records, 5);
  auto& records = store_.audit_records();
  records[2].event.actor = "someone-else";  // edit record 3
  verdict = AuditVerifier(store_, 2).verify();
  EXPECT_FALSE(verdict.ok);
  EXPECT_EQ(verdict.first_bad_seq, 3);
  EXPECT_THAT(verdict.reason, HasSubstr("altered"));
}

}  // namespace
}  // namespace zt::kms
