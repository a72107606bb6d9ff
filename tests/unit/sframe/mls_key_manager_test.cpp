#include "zt/sframe/mls_key_manager.h"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "zt/crypto/hkdf.h"

namespace zt::sframe {
namespace {

using namespace std::chrono_literals;

// A stand-in for MLS-Exporter: HKDF over a per-epoch secret that every
// member of the epoch shares.
SecretExporter fake_exporter(uint64_t epoch, const std::string& group = "group") {
  Bytes secret = concat(as_bytes(group), Bytes{static_cast<uint8_t>(epoch), 0x5a});
  return [secret](std::string_view label, BytesView context, size_t length) {
    auto prk = crypto::hkdf_extract(crypto::HashAlgorithm::kSha256, {}, secret);
    return crypto::hkdf_expand(crypto::HashAlgorithm::kSha256, prk.reveal(),
                               concat(as_bytes(label), context), length);
  };
}

MlsKeyConfig config(const Clock& clock) {
  MlsKeyConfig c;
  c.clock = &clock;
  return c;
}

Bytes protect(MlsKeyManager& m, uint64_t context, BytesView pt) {
  Bytes out(pt.size() + kMaxHeaderSize + 16);
  auto n = m.protect(context, pt, {}, out);
  EXPECT_TRUE(n);
  out.resize(n ? *n : 0);
  return out;
}

Expected<Bytes, SFrameError> unprotect(MlsKeyManager& m, BytesView frame) {
  Bytes out(frame.size());
  auto r = m.unprotect(frame, {}, out);
  if (!r) return unexpected(r.error());
  out.resize(r->size);
  return out;
}

TEST(MlsKeyManager, FortyMembersAllToAll) {
  ManualClock clock;
  constexpr uint64_t kMembers = 40;
  constexpr uint64_t kEpoch = 7;
  std::vector<std::unique_ptr<MlsKeyManager>> members;
  for (uint64_t i = 0; i < kMembers; ++i) {
    members.push_back(std::make_unique<MlsKeyManager>(config(clock)));
    ASSERT_TRUE(members.back()->add_epoch(kEpoch, kMembers, i, fake_exporter(kEpoch)));
  }
  for (uint64_t s = 0; s < kMembers; ++s) {
    std::string text = "frame from " + std::to_string(s);
    Bytes frame = protect(*members[s], 0, as_bytes(text));
    auto header = decode_header(frame);
    ASSERT_TRUE(header);
    // E = 4, S = 6 for 40 members, context 0.
    EXPECT_EQ(header->header.kid, (s << 4) | kEpoch);
    for (uint64_t r = 0; r < kMembers; ++r) {
      Bytes out(frame.size());
      auto got = members[r]->unprotect(frame, {}, out);
      if (r == s) {
        EXPECT_EQ(got.error(), SFrameError::kWrongKeyUsage);
        continue;
      }
      ASSERT_TRUE(got) << "receiver " << r << ": " << to_string(got.error());
      EXPECT_EQ(got->sender_index, s);
      EXPECT_EQ(got->epoch, kEpoch);
      EXPECT_EQ(std::string(out.begin(), out.begin() + got->size), text);
    }
  }
}

// Alice (index a) and Bob (index b) of one group, sharing a manual clock.
class TwoMembers : public ::testing::Test {
 protected:
  void make(MlsKeyConfig c) {
    c.clock = &clock_;
    alice_.emplace(c);
    bob_.emplace(c);
  }
  void epoch(uint64_t n, uint64_t group_size = 2, uint64_t a = 0, uint64_t b = 1) {
    ASSERT_TRUE(alice_->add_epoch(n, group_size, a, fake_exporter(n)));
    ASSERT_TRUE(bob_->add_epoch(n, group_size, b, fake_exporter(n)));
  }
  void SetUp() override { make({}); }

  ManualClock clock_;
  std::optional<MlsKeyManager> alice_;
  std::optional<MlsKeyManager> bob_;
};

TEST_F(TwoMembers, SeveralContextsPerSender) {
  epoch(16, 3, 2, 0);
  EXPECT_EQ(*alice_->own_kid(2), (uint64_t{2} << 6) | (2 << 4) | 0);
  Bytes a = protect(*alice_, 1, as_bytes("audio"));
  Bytes v = protect(*alice_, 2, as_bytes("video"));
  auto ra = unprotect(*bob_, a);
  auto rv = unprotect(*bob_, v);
  ASSERT_TRUE(ra && rv);
  EXPECT_EQ(std::string(ra->begin(), ra->end()), "audio");
  EXPECT_EQ(std::string(rv->begin(), rv->end()), "video");
}

TEST_F(TwoMembers, OldEpochDecryptsOnlyWithinGracePeriod) {
  epoch(1);
  Bytes in_flight = protect(*alice_, 0, as_bytes("sent in epoch 1"));
  Bytes late = protect(*alice_, 0, as_bytes("also epoch 1"));
  ASSERT_TRUE(bob_->add_epoch(2, 2, 1, fake_exporter(2)));
  clock_.advance(9s);
  auto ok = unprotect(*bob_, in_flight);
  ASSERT_TRUE(ok) << to_string(ok.error());
  EXPECT_EQ(std::string(ok->begin(), ok->end()), "sent in epoch 1");
  clock_.advance(2s);
  EXPECT_EQ(unprotect(*bob_, late).error(), SFrameError::kExpiredEpoch);
  // The new epoch works.
  ASSERT_TRUE(alice_->add_epoch(2, 2, 0, fake_exporter(2)));
  EXPECT_TRUE(unprotect(*bob_, protect(*alice_, 0, as_bytes("epoch 2"))));
}

TEST_F(TwoMembers, GracePeriodIsConfigurable) {
  MlsKeyConfig c;
  c.grace_period = 1s;
  make(c);
  epoch(1);
  Bytes frame = protect(*alice_, 0, as_bytes("x"));
  ASSERT_TRUE(bob_->add_epoch(2, 2, 1, fake_exporter(2)));
  clock_.advance(1500ms);
  EXPECT_EQ(unprotect(*bob_, frame).error(), SFrameError::kExpiredEpoch);
}

TEST_F(TwoMembers, SameLowBitsReplaceOldEpoch) {
  MlsKeyConfig c;
  c.epoch_bits = 2;
  make(c);
  epoch(1);
  Bytes frame = protect(*alice_, 0, as_bytes("epoch 1"));
  for (uint64_t n : {2, 3, 5}) {  // 5 mod 4 == 1 mod 4
    ASSERT_TRUE(bob_->add_epoch(n, 2, 1, fake_exporter(n)));
  }
  // Epoch 1's slot now holds epoch 5: the old frame no longer authenticates.
  EXPECT_EQ(unprotect(*bob_, frame).error(), SFrameError::kAuthenticationFailed);
}

TEST_F(TwoMembers, GroupSizeChangesSenderBits) {
  epoch(1, 2, 1, 0);
  Bytes small_group = protect(*alice_, 0, as_bytes("two members"));
  epoch(2, 100, 1, 0);
  Bytes big_group = protect(*alice_, 3, as_bytes("hundred members"));
  EXPECT_EQ(decode_header(big_group)->header.kid, (uint64_t{3} << 11) | (1 << 4) | 2);
  auto r1 = unprotect(*bob_, small_group);
  auto r2 = unprotect(*bob_, big_group);
  ASSERT_TRUE(r1 && r2);
  EXPECT_EQ(std::string(r1->begin(), r1->end()), "two members");
  EXPECT_EQ(std::string(r2->begin(), r2->end()), "hundred members");
}

TEST(MlsKeyManager, RejectsBadInputs) {
  ManualClock clock;
  MlsKeyManager m(config(clock));
  Bytes out(64);
  EXPECT_EQ(m.protect(0, as_bytes("x"), {}, out).error(), SFrameError::kNoCurrentEpoch);
  EXPECT_EQ(m.add_epoch(1, 4, 4, fake_exporter(1)).error(), SFrameError::kInvalidArgument);
  ASSERT_TRUE(m.add_epoch(3, 4, 0, fake_exporter(3)));
  EXPECT_EQ(m.add_epoch(3, 4, 0, fake_exporter(3)).error(), SFrameError::kInvalidArgument);
  EXPECT_EQ(m.protect(uint64_t{1} << 60, as_bytes("x"), {}, out).error(),
            SFrameError::kInvalidArgument);
  auto short_exporter = [](std::string_view, BytesView, size_t) { return crypto::SecretBytes(3); };
  EXPECT_EQ(m.add_epoch(4, 4, 0, short_exporter).error(), SFrameError::kInvalidKey);
  // A KID naming an epoch we never had, and a sender outside the group.
  MlsKeyManager other(config(clock));
  ASSERT_TRUE(other.add_epoch(9, 4, 1, fake_exporter(9)));
  Bytes foreign = protect(other, 0, as_bytes("x"));
  EXPECT_EQ(unprotect(m, foreign).error(), SFrameError::kUnknownEpoch);
  MlsKeyManager big(config(clock));
  ASSERT_TRUE(big.add_epoch(3, 3, 2, fake_exporter(3)));
  MlsKeyManager small(config(clock));
  ASSERT_TRUE(small.add_epoch(3, 3, 0, fake_exporter(3)));
  // Index 3 in a 3-member group (S = 2): forge header with KID (3 << 4) | 3.
  Bytes forged = from_hex(
      "0933"
      "00112233445566778899aabbccddeeff");
  forged[0] = 0x80;  // X=1, KLEN=1, CTR 0
  EXPECT_EQ(unprotect(small, forged).error(), SFrameError::kUnknownKid);
}

}  // namespace
}  // namespace zt::sframe
