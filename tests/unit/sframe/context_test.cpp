#include "zt/sframe/context.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace zt::sframe {
namespace {

class SFrameContextTest : public ::testing::TestWithParam<CipherSuite> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(sender_.add_key(kKid, base_key_, KeyUsage::kEncrypt));
    ASSERT_TRUE(receiver_.add_key(kKid, base_key_, KeyUsage::kDecrypt));
  }

  Bytes protect(BytesView pt, BytesView metadata) {
    Bytes out(pt.size() + kMaxHeaderSize + 16);
    auto n = sender_.protect(kKid, pt, metadata, out);
    EXPECT_TRUE(n);
    out.resize(n ? *n : 0);
    return out;
  }

  Expected<Bytes, SFrameError> unprotect(BytesView frame, BytesView metadata) {
    Bytes out(frame.size());
    auto n = receiver_.unprotect(frame, metadata, out);
    if (!n) return unexpected(n.error());
    out.resize(*n);
    return out;
  }

  static constexpr uint64_t kKid = 0x1234;
  Bytes base_key_ = from_hex("00112233445566778899aabbccddeeff");
  Context sender_{GetParam()};
  Context receiver_{GetParam()};
  Bytes pt_ = as_bytes_copy("a video frame, or at least its bytes");
  Bytes metadata_ = from_hex("8012abcd");

  static Bytes as_bytes_copy(std::string_view s) {
    BytesView v = as_bytes(s);
    return Bytes(v.begin(), v.end());
  }
};

TEST_P(SFrameContextTest, RoundTripsWithMetadata) {
  for (int i = 0; i < 20; ++i) {
    Bytes frame = protect(pt_, metadata_);
    auto pt = unprotect(frame, metadata_);
    ASSERT_TRUE(pt) << to_string(pt.error());
    EXPECT_EQ(*pt, pt_);
  }
  EXPECT_EQ(sender_.key(kKid)->next_counter(), 20u);
}

TEST_P(SFrameContextTest, RejectsReplay) {
  Bytes frame = protect(pt_, metadata_);
  ASSERT_TRUE(unprotect(frame, metadata_));
  auto again = unprotect(frame, metadata_);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error(), SFrameError::kReplay);
}

TEST_P(SFrameContextTest, RejectsFlippedBitAnywhere) {
  Bytes frame = protect(pt_, metadata_);
  for (size_t i = 0; i < frame.size(); ++i) {
    Bytes bad = frame;
    bad[i] ^= 0x01;
    auto r = unprotect(bad, metadata_);
    EXPECT_FALSE(r) << "byte " << i;
  }
  for (size_t i = 0; i < metadata_.size(); ++i) {
    Bytes bad = metadata_;
    bad[i] ^= 0x80;
    auto r = unprotect(frame, bad);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), SFrameError::kAuthenticationFailed);
  }
  // The untouched frame still decrypts: failures did not poison the replay window.
  auto ok = unprotect(frame, metadata_);
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, pt_);
}

TEST_P(SFrameContextTest, FlippedCiphertextBitIsAuthenticationFailure) {
  Bytes frame = protect(pt_, {});
  frame[frame.size() / 2] ^= 0x10;
  EXPECT_EQ(unprotect(frame, {}).error(), SFrameError::kAuthenticationFailed);
  frame = protect(pt_, {});
  frame[0] ^= 0x01;  // KID 0x1234 config byte: changes CTR length, still parses
  auto r = unprotect(frame, {});
  ASSERT_FALSE(r);
}

TEST_P(SFrameContextTest, KeysAreOneDirectionOnly) {
  Bytes frame = protect(pt_, {});
  Bytes out(frame.size());
  EXPECT_EQ(sender_.unprotect(frame, {}, out).error(), SFrameError::kWrongKeyUsage);
  EXPECT_EQ(receiver_.protect(kKid, pt_, {}, out).error(), SFrameError::kWrongKeyUsage);
  EXPECT_EQ(sender_.protect(kKid + 1, pt_, {}, out).error(), SFrameError::kUnknownKid);
}

TEST_P(SFrameContextTest, RemovedKeyNoLongerDecrypts) {
  Bytes first = protect(pt_, {});
  Bytes second = protect(pt_, {});
  ASSERT_TRUE(unprotect(first, {}));  // caches the key as the last one used
  receiver_.remove_key(kKid);
  EXPECT_EQ(unprotect(second, {}).error(), SFrameError::kUnknownKid);
  ASSERT_TRUE(receiver_.add_key(kKid, base_key_, KeyUsage::kDecrypt));
  EXPECT_TRUE(unprotect(second, {}));
}

TEST_P(SFrameContextTest, ChecksBuffersAndLengths) {
  Bytes small(pt_.size());
  EXPECT_EQ(sender_.protect(kKid, pt_, {}, small).error(), SFrameError::kBufferTooSmall);
  Bytes frame = protect(pt_, {});
  Bytes tiny(2);
  EXPECT_EQ(receiver_.unprotect(frame, {}, tiny).error(), SFrameError::kBufferTooSmall);
  Bytes header_only = from_hex("9012340100");  // header then 1 byte: shorter than any tag
  header_only.resize(4);
  Bytes out(16);
  EXPECT_EQ(receiver_.unprotect(header_only, {}, out).error(), SFrameError::kCiphertextTooShort);
}

TEST_P(SFrameContextTest, CounterNeverRepeats) {
  KeyContext* key = sender_.key(kKid);
  ASSERT_TRUE(key->advance_counter_to(UINT64_MAX));
  EXPECT_FALSE(key->advance_counter_to(5));
  Bytes out(pt_.size() + kMaxHeaderSize + 16);
  ASSERT_TRUE(sender_.protect(kKid, pt_, {}, out));
  EXPECT_EQ(sender_.protect(kKid, pt_, {}, out).error(), SFrameError::kCounterExhausted);
}

INSTANTIATE_TEST_SUITE_P(AllSuites, SFrameContextTest,
                         ::testing::Values(CipherSuite::kAes128CtrHmacSha256_80,
                                           CipherSuite::kAes128CtrHmacSha256_64,
                                           CipherSuite::kAes128CtrHmacSha256_32,
                                           CipherSuite::kAes128GcmSha256_128,
                                           CipherSuite::kAes256GcmSha512_128));

TEST(SFrameContext, RejectsUnknownSuiteAndEmptyKey) {
  Context bad(static_cast<CipherSuite>(9));
  Bytes key(16, 1);
  EXPECT_EQ(bad.add_key(1, key, KeyUsage::kEncrypt).error(), SFrameError::kUnsupportedSuite);
  Context ok(CipherSuite::kAes128GcmSha256_128);
  EXPECT_EQ(ok.add_key(1, {}, KeyUsage::kEncrypt).error(), SFrameError::kInvalidKey);
}

}  // namespace
}  // namespace zt::sframe
