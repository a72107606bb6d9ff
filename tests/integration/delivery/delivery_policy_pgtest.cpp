// The meeting policy of zero-trust E2EE and media grants (issue 14 points 7
// and 8) on real PostgreSQL with real MLS clients: every feature that
// needs decrypted media or cloud storage is refused in an e2ee meeting
// with FAILED_PRECONDITION naming it, allowed in a standard meeting; local
// recording is allowed; the participant cap refuses the commit that would
// pass it (nothing stored); RequestMediaGrant gives a member a JWS that
// verifies with GetGrantKeys and the HTTP JWKS, naming meeting, device and
// leaf; key rotation keeps live grants verifiable; refusals and grants are
// counted. Device kinds and org policy need Control Hub: see
// tests/e2e/delivery/delivery_policy_e2e_test.cpp.
#include <gmock/gmock.h>

#include "delivery_fixture.h"
#include "zt/auth/base64url.h"
#include "zt/auth/http_jwks_fetcher.h"
#include "zt/auth/media_grant.h"

namespace zt::delivery::testing {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

double counter(prometheus::Registry& registry, const std::string& name, const std::string& label,
               const std::string& value) {
  double total = 0;
  for (const auto& family : registry.Collect()) {
    if (family.name != name) continue;
    for (const auto& m : family.metric) {
      bool match = label.empty();
      for (const auto& l : m.label) match = match || (l.name == label && l.value == value);
      if (match) total += m.counter.value;
    }
  }
  return total;
}

class PolicyTest : public DeliveryTest {
 protected:
  // A group of `type` hosted by `host`.
  mls::Group create(const Device& host, const std::string& id, v1::MeetingType type,
                    v1::GroupKind kind = v1::GROUP_KIND_SCHEDULED_MEETING) {
    mls::Group group = mls::Group::create(to_bytes(id), key_package(host));
    v1::CreateGroupRequest req;
    req.set_group_id(id);
    req.set_cipher_suite(kSuite);
    req.set_type(type);
    req.set_kind(kind);
    req.set_group_info(to_string(mls::encode(group.group_info())));
    v1::Group out;
    grpc::Status st = stub_->CreateGroup(context_for(host.token).get(), req, &out);
    EXPECT_TRUE(st.ok()) << st.error_message();
    return group;
  }
  grpc::Status feature(const Device& d, const std::string& group, int feature,
                       v1::RequestFeatureResponse* out = nullptr) {
    v1::RequestFeatureRequest req;
    req.set_group_id(group);
    req.set_feature(static_cast<v1::Feature>(feature));
    v1::RequestFeatureResponse ignored;
    return stub_->RequestFeature(context_for(d.token).get(), req, out ? out : &ignored);
  }
  grpc::Status grant(const Device& d, const std::string& group, v1::MediaGrant* out) {
    v1::RequestMediaGrantRequest req;
    req.set_group_id(group);
    return stub_->RequestMediaGrant(context_for(d.token).get(), req, out);
  }
  auth::JwkSet grant_keys(const Device& d) {
    v1::GrantKeys keys;
    EXPECT_TRUE(stub_->GetGrantKeys(context_for(d.token).get(), {}, &keys).ok());
    auto set = auth::JwkSet::parse(keys.jwks_json());
    EXPECT_TRUE(set.has_value());
    return set ? *set : auth::JwkSet{};
  }
  // Adds `joiners` to `group` by one commit; the status of SendCommit.
  grpc::Status add(const Device& host, const std::string& id, mls::Group& group,
                   const std::vector<Device>& joiners) {
    mls::CommitOptions options;
    for (const auto& j : joiners) options.proposals.push_back(mls::Proposal{mls::Add{key_package(j).key_package}});
    // Commit on a copy: a refused commit leaves `group` where it was.
    mls::Group next = mls::Group::restore(group.serialize(Bytes(32, 1)), Bytes(32, 1));
    mls::CommitResult r = next.commit(options);
    next.merge_pending_commit();
    grpc::Status st = commit(host, to_bytes(id), r.commit, next.group_info(), nullptr, r.welcome);
    if (st.ok()) group = std::move(next);
    return st;
  }
  void use_options(DeliveryOptions options) {
    stub_.reset();
    ds_.reset();
    ds_ = std::make_unique<Replica>(db_->uri(), clock_, tokens_, nullptr, std::nullopt,
                                    std::move(options));
    stub_ = ds_->stub();
  }
};

TEST_F(PolicyTest, EveryFeatureNeedingTheCloudIsRefusedInAnE2eeMeetingNamingIt) {
  Device host = device();
  create(host, "e2ee-1", v1::MEETING_TYPE_E2EE);
  int refused = 0;
  for (const auto& rule : kFeatureRules) {
    SCOPED_TRACE(std::string(rule.name));
    v1::RequestFeatureResponse out;
    grpc::Status st = feature(host, "e2ee-1", rule.feature, &out);
    if (rule.needs.empty()) {
      ASSERT_TRUE(st.ok()) << st.error_message();
      EXPECT_TRUE(out.allowed());
      continue;
    }
    ++refused;
    EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
    EXPECT_THAT(st.error_message(), HasSubstr(std::string(rule.name)));
    EXPECT_THAT(st.error_message(), HasSubstr("e2ee meeting"));
    EXPECT_EQ(counter(ds_->registry(), "zt_delivery_policy_refusals_total", "reason",
                      "feature_" + std::string(rule.name)),
              1);
  }
  EXPECT_EQ(refused, 15);  // all but local recording
}

TEST_F(PolicyTest, TheRefusalsNameWhatEachFeatureWouldNeed) {
  Device host = device();
  create(host, "e2ee-2", v1::MEETING_TYPE_E2EE);
  struct Case {
    v1::Feature feature;
    const char* name;
    const char* needs;
  };
  const Case cases[] = {
      {v1::FEATURE_NETWORK_RECORDING, "network_recording", "recording the decrypted media"},
      {v1::FEATURE_TRANSCODING, "transcoding", "decrypting the media"},
      {v1::FEATURE_AI_ASSISTANT, "ai_assistant", "decrypted media"},
      {v1::FEATURE_CLOSED_CAPTIONS, "closed_captions", "decrypting the audio"},
      {v1::FEATURE_TRANSCRIPTION, "transcription", "decrypting the audio"},
      {v1::FEATURE_PSTN_DIAL_IN, "pstn_dial_in", "telephone gateway"},
      {v1::FEATURE_PSTN_DIAL_OUT, "pstn_dial_out", "telephone gateway"},
      {v1::FEATURE_SIP_DEVICE, "sip_device", "SIP gateway"},
      {v1::FEATURE_CLOUD_CHAT_HISTORY, "cloud_chat_history", "chat in the cloud"},
      {v1::FEATURE_CLOUD_FILES, "cloud_files", "files in the cloud"},
      {v1::FEATURE_CLOUD_WHITEBOARDS, "cloud_whiteboards", "whiteboards in the cloud"},
      {v1::FEATURE_CLOUD_ANNOTATIONS, "cloud_annotations", "annotations in the cloud"},
      {v1::FEATURE_CLOUD_SESSION_DATA, "cloud_session_data", "session data in the cloud"},
      {v1::FEATURE_CLOUD_TRANSCRIPTS, "cloud_transcripts", "transcripts in the cloud"},
      {v1::FEATURE_CLOUD_MEETING_NOTES, "cloud_meeting_notes", "meeting notes in the cloud"},
  };
  for (const auto& c : cases) {
    grpc::Status st = feature(host, "e2ee-2", c.feature);
    EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << c.name;
    EXPECT_THAT(st.error_message(), HasSubstr(c.name));
    EXPECT_THAT(st.error_message(), HasSubstr(c.needs));
  }
  v1::RequestFeatureResponse out;
  ASSERT_TRUE(feature(host, "e2ee-2", v1::FEATURE_LOCAL_RECORDING, &out).ok());
  EXPECT_TRUE(out.allowed());
}

TEST_F(PolicyTest, AStandardMeetingAllowsEveryFeature) {
  Device host = device();
  create(host, "std-1", v1::MEETING_TYPE_STANDARD);
  for (const auto& rule : kFeatureRules) {
    v1::RequestFeatureResponse out;
    grpc::Status st = feature(host, "std-1", rule.feature, &out);
    ASSERT_TRUE(st.ok()) << rule.name << ": " << st.error_message();
    EXPECT_TRUE(out.allowed());
  }
  EXPECT_EQ(counter(ds_->registry(), "zt_delivery_policy_refusals_total", "", ""), 0);
}

TEST_F(PolicyTest, AnUnknownFeatureOrAStrangerIsRefusedBeforeThePolicy) {
  Device host = device();
  Device stranger = device();
  create(host, "e2ee-3", v1::MEETING_TYPE_E2EE);
  EXPECT_EQ(feature(host, "e2ee-3", 0).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(feature(host, "e2ee-3", 99).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(feature(stranger, "e2ee-3", v1::FEATURE_TRANSCODING).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(feature(host, "nope", v1::FEATURE_TRANSCODING).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(PolicyTest, ACommitPastTheParticipantCapIsRefusedAndNothingIsStored) {
  DeliveryOptions options;
  options.policy.max_participants = 3;
  use_options(std::move(options));
  Device host = device();
  mls::Group group = create(host, "cap", v1::MEETING_TYPE_E2EE);
  grpc::Status st = add(host, "cap", group, {device(), device(), device()});  // 4 leaves
  EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(st.error_message(), HasSubstr("at most 3 participants"));
  EXPECT_TRUE(ds_->app().store().read_log(to_bytes("cap"), 0, 10).empty());
  EXPECT_EQ(counter(ds_->registry(), "zt_delivery_policy_refusals_total", "reason",
                    "participant_limit"),
            1);
  // Within the cap the same group grows.
  ASSERT_TRUE(add(host, "cap", group, {device(), device()}).ok());
  EXPECT_EQ(ds_->app().store().read_log(to_bytes("cap"), 0, 10).size(), 1u);
  // A standard meeting has no such cap.
  mls::Group big = create(host, "big-std", v1::MEETING_TYPE_STANDARD);
  EXPECT_TRUE(add(host, "big-std", big, {device(), device(), device(), device()}).ok());
}

TEST_F(PolicyTest, WithControlHubUnreachableNoE2eeMeetingIsMadeAndTheCallerIsToldToRetry) {
  DeliveryOptions options;
  options.controlhub.credentials =
      ServiceCredentials{"svc-test", crypto::SecretBytes(as_bytes(std::string("secret")))};
  options.controlhub.address = "127.0.0.1:1";
  options.controlhub.token_url = "http://127.0.0.1:1/v1/oauth/token";
  use_options(std::move(options));
  Device host = device();
  mls::Group group = mls::Group::create(to_bytes("down"), key_package(host));
  v1::CreateGroupRequest req;
  req.set_group_id("down");
  req.set_cipher_suite(kSuite);
  req.set_type(v1::MEETING_TYPE_E2EE);
  req.set_kind(v1::GROUP_KIND_SCHEDULED_MEETING);
  req.set_group_info(to_string(mls::encode(group.group_info())));
  v1::Group out;
  grpc::Status st = stub_->CreateGroup(context_for(host.token).get(), req, &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(st.error_message(), HasSubstr("Control Hub"));
  req.set_kind(v1::GROUP_KIND_CALL);
  st = stub_->CreateGroup(context_for(host.token).get(), req, &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_FALSE(ds_->app().store().find_group(to_bytes("down")).has_value());
  // A standard meeting needs neither the device's kind nor the org's settings.
  create(host, "std-down", v1::MEETING_TYPE_STANDARD);
}

TEST_F(PolicyTest, AMemberGetsAGrantNamingMeetingDeviceAndLeafThatVerifiesWithTheGrantKeys) {
  Device host = device();
  Device joiner = device();
  mls::Group group = create(host, "grant-1", v1::MEETING_TYPE_E2EE);
  ASSERT_TRUE(add(host, "grant-1", group, {joiner}).ok());
  const auto keys = grant_keys(host);
  EXPECT_EQ(keys.keys().size(), 3u);  // previous, current, next period
  for (const auto& [d, leaf] : std::vector<std::pair<Device, uint32_t>>{{host, 0}, {joiner, 1}}) {
    v1::MediaGrant g;
    grpc::Status st = grant(d, "grant-1", &g);
    ASSERT_TRUE(st.ok()) << st.error_message();
    EXPECT_EQ(g.meeting_id(), auth::base64url_encode(to_bytes("grant-1")));
    EXPECT_EQ(g.leaf_index(), leaf);
    auto jws = auth::verify_jws(g.token(), keys);
    ASSERT_TRUE(jws.has_value()) << jws.error().message;
    auto claims = auth::parse_media_grant(jws->payload);
    ASSERT_TRUE(claims.has_value());
    EXPECT_EQ(claims->meeting, g.meeting_id());
    EXPECT_EQ(claims->device, d.id);
    EXPECT_EQ(claims->leaf_index, leaf);
    EXPECT_EQ(claims->expires_at, std::chrono::time_point_cast<std::chrono::seconds>(clock_.now()) + 300s);
    EXPECT_EQ(g.expires_at_unix(), std::chrono::duration_cast<std::chrono::seconds>(
                                       claims->expires_at.time_since_epoch())
                                       .count());
  }
  EXPECT_EQ(counter(ds_->registry(), "zt_delivery_media_grants_issued_total", "", ""), 2);
}

TEST_F(PolicyTest, NoGrantForADeviceWithoutALeafInTheCurrentEpoch) {
  Device host = device();
  Device stranger = device();
  create(host, "grant-2", v1::MEETING_TYPE_E2EE);
  v1::MediaGrant g;
  EXPECT_EQ(grant(stranger, "grant-2", &g).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(grant(host, "nope", &g).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(grant(host, "", &g).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(counter(ds_->registry(), "zt_delivery_media_grants_refused_total", "reason",
                    "not_member"),
            1);
}

TEST_F(PolicyTest, AfterARotationTheOldKeyStaysPublishedUntilItsGrantsHaveExpired) {
  DeliveryOptions options;
  options.signing_key_hex = crypto::SecretBytes(as_bytes(std::string(64, 'a')));
  options.grant_keys.rotation = 3600s;
  options.grant_keys.grant_ttl = 300s;
  use_options(std::move(options));
  // 100 s before a period ends.
  clock_.set_wall(std::chrono::system_clock::time_point(std::chrono::seconds(3600 * 500'000 + 3500)));
  Device host = device();
  create(host, "rot", v1::MEETING_TYPE_E2EE);
  v1::MediaGrant before;
  ASSERT_TRUE(grant(host, "rot", &before).ok());
  clock_.advance(200s);  // the next period: a new key signs
  v1::MediaGrant after;
  ASSERT_TRUE(grant(host, "rot", &after).ok());
  auto keys = grant_keys(host);
  auto old_jws = auth::verify_jws(before.token(), keys);
  auto new_jws = auth::verify_jws(after.token(), keys);
  ASSERT_TRUE(old_jws.has_value()) << "a live grant of the old key must still verify";
  ASSERT_TRUE(new_jws.has_value());
  EXPECT_NE(old_jws->kid, new_jws->kid);
  clock_.advance(3600s);  // the old key's grants have long expired
  host.token = tokens_.device_token(host.org, host.id);
  EXPECT_FALSE(auth::verify_jws(before.token(), grant_keys(host)).has_value());
}

TEST_F(PolicyTest, ReplicasWithOneSigningSecretPublishTheSameKeysOverGrpcAndHttp) {
  DeliveryOptions a;
  a.signing_key_hex = crypto::SecretBytes(as_bytes(std::string(64, 'b')));
  a.http_address = "127.0.0.1:0";
  use_options(std::move(a));
  DeliveryOptions b;
  b.signing_key_hex = crypto::SecretBytes(as_bytes(std::string(64, 'b')));
  Replica other(db_->uri(), clock_, tokens_, nullptr, std::nullopt, std::move(b));
  Device host = device();
  auto other_stub = other.stub();
  v1::GrantKeys mine, theirs;
  ASSERT_TRUE(stub_->GetGrantKeys(context_for(host.token).get(), {}, &mine).ok());
  ASSERT_TRUE(other_stub->GetGrantKeys(context_for(host.token).get(), {}, &theirs).ok());
  EXPECT_EQ(mine.jwks_json(), theirs.jwks_json());
  ASSERT_NE(ds_->app().http_port(), 0);
  auto fetched = auth::http_jwks_fetcher("http://127.0.0.1:" +
                                         std::to_string(ds_->app().http_port()) +
                                         "/v1/.well-known/jwks.json")();
  ASSERT_TRUE(fetched.has_value());
  EXPECT_EQ(*fetched, mine.jwks_json());
  EXPECT_FALSE(auth::http_jwks_fetcher("http://127.0.0.1:" +
                                       std::to_string(ds_->app().http_port()) + "/other")());
}

}  // namespace
}  // namespace zt::delivery::testing
