// Zero-trust media, end to end in one process: a three-member MLS group
// (common/mls) gives each epoch's SFrame base key through MLS-Exporter into
// each member's MlsKeyManager (RFC 9605 section 5.2); alice sends
// SFrame-protected RTP through a real zt-sfu (router, UDP worker, gRPC
// control plane) over loopback; bob and carol decrypt every frame with keys
// from their own group state, never from a server. Across a commit that
// removes carol: frames of the old epoch still decrypt after the commit,
// the new epoch's frames decrypt for bob, and carol cannot read them.
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "sfu_client.h"
#include "sfu_test_server.h"
#include "udp_socket.h"
#include "zt/mls/group.h"
#include "zt/mls/key_package_bundle.h"
#include "zt/rtp/packet.h"
#include "zt/sframe/mls_key_manager.h"

namespace zt::sfu {
namespace {

constexpr uint64_t kAudioContext = 0;
constexpr uint32_t kAudioSsrc = 0x5a5a0001;

mls::KeyPackageBundle bundle(const std::string& name) {
  mls::KeyPackageParams p;
  p.cipher_suite = 1;
  p.credential = mls::Credential{mls::BasicCredential{Bytes(name.begin(), name.end())}};
  return mls::create_key_package(std::move(p));
}

// One participant: its own MLS group state, its SFrame keys and its SFU session.
struct Member {
  explicit Member(std::string n)
      : name(std::move(n)), kp(bundle(name)), keys(sframe::MlsKeyConfig{}) {}

  // Installs the group's current epoch into the SFrame key manager.
  void install_epoch() {
    auto added = keys.add_epoch(group->epoch(), group->tree().leaf_count(), group->own_leaf(),
                                [this](std::string_view label, BytesView context, size_t length) {
                                  return group->export_secret(label, context, length);
                                });
    ASSERT_TRUE(added.has_value()) << name;
  }

  std::string name;
  mls::KeyPackageBundle kp;
  std::optional<mls::Group> group;
  sframe::MlsKeyManager keys;
  loadgen::UdpSocket socket;
  std::unique_ptr<loadgen::SfuClient> sfu;
};

class MlsSframeSfu : public ::testing::Test {
 protected:
  MlsSframeSfu() : alice_("alice"), bob_("bob"), carol_("carol") {}

  void SetUp() override {
    alice_.group.emplace(mls::Group::create(Bytes{'m', 't', 'g'}, alice_.kp));
    mls::CommitOptions add;
    add.proposals = {mls::Proposal{mls::Add{bob_.kp.key_package}},
                     mls::Proposal{mls::Add{carol_.kp.key_package}}};
    mls::CommitResult r = alice_.group->commit(add);
    alice_.group->merge_pending_commit();
    ASSERT_TRUE(r.welcome.has_value());
    bob_.group.emplace(mls::Group::join(*r.welcome, bob_.kp));
    carol_.group.emplace(mls::Group::join(*r.welcome, carol_.kp));
    for (Member* m : {&alice_, &bob_, &carol_}) {
      ASSERT_EQ(m->group->epoch(), 1u);
      m->install_epoch();
      m->sfu = std::make_unique<loadgen::SfuClient>(sfu_.channel, m->socket);
      m->sfu->join(kMeeting, sfu_.grant(kMeeting, m->name));
    }
    alice_.sfu->publish(v1::TRACK_KIND_AUDIO, {kAudioSsrc});
    ASSERT_EQ(bob_.sfu->subscribe_all(0).size(), 1u);
    ASSERT_EQ(carol_.sfu->subscribe_all(0).size(), 1u);
  }

  // alice protects `text` with her current epoch's key and sends it as RTP.
  void send(const std::string& text) {
    std::array<uint8_t, 1500> packet{};
    rtp::RtpHeader h;
    h.payload_type = 111;
    h.sequence = next_sequence_++;
    h.timestamp = h.sequence * 960u;
    h.ssrc = kAudioSsrc;
    auto header_size = rtp::write_rtp_header(h, {}, {}, packet);
    ASSERT_TRUE(header_size.has_value());
    auto n = alice_.keys.protect(kAudioContext, as_bytes(text), {},
                                 MutableBytesView(packet).subspan(*header_size));
    ASSERT_TRUE(n.has_value());
    ASSERT_EQ(std::search(packet.begin(), packet.end(), text.begin(), text.end()), packet.end())
        << "plaintext visible on the wire";
    ASSERT_TRUE(alice_.socket.send_to(alice_.sfu->sfu_address(),
                                      BytesView(packet.data(), *header_size + *n)));
  }

  // The SFrame payloads of the next `count` RTP packets `m` receives.
  std::vector<Bytes> receive(Member& m, size_t count) {
    std::vector<Bytes> out;
    for (int waits = 0; out.size() < count && waits < 50; ++waits) {
      if (!m.socket.wait_readable(100)) continue;
      for (const auto& d : m.socket.receive()) {
        if (d.bytes.size() < 2 || (d.bytes[0] >> 6) != 2 ||
            (d.bytes[1] >= 192 && d.bytes[1] <= 223))
          continue;
        auto v = rtp::RtpPacketView::parse(d.bytes);
        if (v) out.emplace_back(v->payload().begin(), v->payload().end());
      }
    }
    return out;
  }

  // The plaintext, or why it did not decrypt.
  static std::string open(Member& m, const Bytes& frame, uint64_t* epoch = nullptr) {
    std::array<uint8_t, 1500> plain{};
    auto r = m.keys.unprotect(frame, {}, plain);
    if (!r) return "<refused>";
    if (epoch != nullptr) *epoch = r->epoch;
    return std::string(plain.begin(), plain.begin() + static_cast<std::ptrdiff_t>(r->size));
  }

  static constexpr const char* kMeeting = "m-mls-sframe";
  testing::InProcessSfu sfu_;
  Member alice_, bob_, carol_;
  uint16_t next_sequence_ = 1;
};

TEST_F(MlsSframeSfu, MembersDecryptMediaWithKeysFromTheirOwnGroupState) {
  const std::vector<std::string> said = {"hello from alice", "second frame", "third frame"};
  for (const auto& s : said) send(s);
  for (Member* m : {&bob_, &carol_}) {
    auto frames = receive(*m, said.size());
    ASSERT_EQ(frames.size(), said.size()) << m->name;
    for (size_t i = 0; i < said.size(); ++i) {
      uint64_t epoch = 0;
      EXPECT_EQ(open(*m, frames[i], &epoch), said[i]) << m->name;
      EXPECT_EQ(epoch, 1u);
    }
  }
  // The same epoch's key from the exporter matches on every member: the SFU
  // carried ciphertext only, and the key never left the clients.
  EXPECT_EQ(to_hex(alice_.group->export_secret(sframe::kBaseKeyLabel, {}, 16).reveal()),
            to_hex(bob_.group->export_secret(sframe::kBaseKeyLabel, {}, 16).reveal()));
}

TEST_F(MlsSframeSfu, AcrossAnEpochChangeOldFramesStillDecryptAndTheRemovedMemberIsLockedOut) {
  send("before the commit");  // epoch 1, in flight while the commit lands

  mls::CommitOptions remove;
  remove.proposals = {mls::Proposal{mls::Remove{carol_.group->own_leaf()}}};
  mls::CommitResult r = alice_.group->commit(remove);
  alice_.group->merge_pending_commit();
  auto applied = std::get<mls::AppliedCommit>(bob_.group->handle(r.commit));
  EXPECT_EQ(applied.epoch, 2u);
  auto carol_applied = std::get<mls::AppliedCommit>(carol_.group->handle(r.commit));
  EXPECT_TRUE(carol_applied.removed_self);
  alice_.install_epoch();
  bob_.install_epoch();
  ASSERT_EQ(to_hex(alice_.group->epoch_authenticator()), to_hex(bob_.group->epoch_authenticator()));

  send("after the commit");  // epoch 2

  auto bob_frames = receive(bob_, 2);
  ASSERT_EQ(bob_frames.size(), 2u);
  uint64_t epoch = 0;
  EXPECT_EQ(open(bob_, bob_frames[0], &epoch), "before the commit");
  EXPECT_EQ(epoch, 1u);
  EXPECT_EQ(open(bob_, bob_frames[1], &epoch), "after the commit");
  EXPECT_EQ(epoch, 2u);

  // carol still gets packets from the SFU (it only sees ciphertext and has not
  // been told to drop her), but she holds no key of epoch 2.
  auto carol_frames = receive(carol_, 2);
  ASSERT_EQ(carol_frames.size(), 2u);
  EXPECT_EQ(open(carol_, carol_frames[0]), "before the commit");
  EXPECT_EQ(open(carol_, carol_frames[1]), "<refused>");
}

}  // namespace
}  // namespace zt::sfu
