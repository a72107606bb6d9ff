// RFC 9605 Appendix C vectors, one GoogleTest case per vector:
// header encoding (289), AES-CTR-HMAC AEAD (suites 1-3), SFrame (suites 1-5).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "zt/crypto/hkdf.h"
#include "zt/sframe/frame_cipher.h"
#include "zt/sframe/header.h"
#include "zt/sframe/key_context.h"
#include "zt/sframe/key_derivation.h"

namespace zt::sframe {
namespace {

using nlohmann::json;

const json& vectors() {
  static const json doc = [] {
    const char* dir = std::getenv("ZT_VECTORS_DIR");
    if (dir == nullptr) return json::object();
    std::ifstream in(std::string(dir) + "/sframe/test-vectors.json");
    if (!in) return json::object();
    return json::parse(in, nullptr, /*allow_exceptions=*/false);
  }();
  return doc;
}

std::vector<json> section(const char* name) {
  const json& doc = vectors();
  if (!doc.is_object() || !doc.contains(name)) return {};
  return std::vector<json>(doc[name].begin(), doc[name].end());
}

Bytes hex(const json& v, const char* field) { return from_hex(v.at(field).get<std::string>()); }

TEST(SFrameVectorFile, LoadsAllSections) {
  ASSERT_NE(std::getenv("ZT_VECTORS_DIR"), nullptr) << "ZT_VECTORS_DIR is not set";
  EXPECT_EQ(section("header").size(), 289u) << "sframe/test-vectors.json missing or changed";
  EXPECT_EQ(section("aes_ctr_hmac").size(), 3u);
  EXPECT_EQ(section("sframe").size(), 5u);
}

class HeaderVector : public ::testing::TestWithParam<json> {};

TEST_P(HeaderVector, EncodesAndDecodes) {
  const json& v = GetParam();
  Header h{v.at("kid").get<uint64_t>(), v.at("ctr").get<uint64_t>()};
  Bytes expected = hex(v, "encoded");
  Bytes out(kMaxHeaderSize);
  auto n = encode_header(h, out);
  ASSERT_TRUE(n);
  out.resize(*n);
  EXPECT_EQ(to_hex(out), to_hex(expected));
  EXPECT_EQ(encoded_size(h), expected.size());
  auto decoded = decode_header(expected);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->header, h);
  EXPECT_EQ(decoded->size, expected.size());
  if (expected.size() > 1) {  // every strict prefix is truncated
    auto cut = decode_header(BytesView(expected).first(expected.size() - 1));
    ASSERT_FALSE(cut);
    EXPECT_EQ(cut.error(), SFrameError::kTruncatedHeader);
  }
}

INSTANTIATE_TEST_SUITE_P(Rfc9605, HeaderVector, ::testing::ValuesIn(section("header")));

class AesCtrHmacVector : public ::testing::TestWithParam<json> {};

TEST_P(AesCtrHmacVector, SealsAndOpens) {
  const json& v = GetParam();
  auto suite = static_cast<CipherSuite>(v.at("cipher_suite").get<uint16_t>());
  Bytes key = hex(v, "key");
  EXPECT_EQ(concat(hex(v, "enc_key"), hex(v, "auth_key")), key);
  auto cipher = FrameCipher::create(suite, key);
  ASSERT_TRUE(cipher);
  Bytes nonce = hex(v, "nonce");
  Bytes aad = hex(v, "aad");
  Bytes pt = hex(v, "pt");
  Bytes ct(pt.size() + cipher->tag_size());
  ASSERT_TRUE(cipher->seal(nonce, aad, {}, pt, ct));
  EXPECT_EQ(to_hex(ct), v.at("ct").get<std::string>());
  // AAD split between header and metadata gives the same result.
  Bytes split(ct.size());
  ASSERT_TRUE(cipher->seal(nonce, BytesView(aad).first(3), BytesView(aad).subspan(3), pt, split));
  EXPECT_EQ(split, ct);
  Bytes back(pt.size());
  auto n = cipher->open(nonce, aad, {}, hex(v, "ct"), back);
  ASSERT_TRUE(n);
  EXPECT_EQ(back, pt);
  Bytes forged = hex(v, "ct");
  forged.back() ^= 1;
  EXPECT_EQ(cipher->open(nonce, aad, {}, forged, back).error(), SFrameError::kAuthenticationFailed);
}

INSTANTIATE_TEST_SUITE_P(Rfc9605, AesCtrHmacVector, ::testing::ValuesIn(section("aes_ctr_hmac")));

class SFrameVector : public ::testing::TestWithParam<json> {};

TEST_P(SFrameVector, DerivesProtectsAndUnprotects) {
  const json& v = GetParam();
  auto suite = static_cast<CipherSuite>(v.at("cipher_suite").get<uint16_t>());
  uint64_t kid = v.at("kid").get<uint64_t>();
  uint64_t ctr = v.at("ctr").get<uint64_t>();
  Bytes base_key = hex(v, "base_key");
  EXPECT_EQ(to_hex(key_label(kid, suite)), v.at("sframe_key_label").get<std::string>());
  EXPECT_EQ(to_hex(salt_label(kid, suite)), v.at("sframe_salt_label").get<std::string>());
  auto params = suite_params(suite);
  ASSERT_TRUE(params);
  EXPECT_EQ(to_hex(crypto::hkdf_extract(params->hash, {}, base_key).reveal()),
            v.at("sframe_secret").get<std::string>());
  auto km = derive_key_salt(suite, kid, base_key);
  ASSERT_TRUE(km);
  EXPECT_EQ(to_hex(km->key.reveal()), v.at("sframe_key").get<std::string>());
  EXPECT_EQ(to_hex(km->salt.reveal()), v.at("sframe_salt").get<std::string>());
  EXPECT_EQ(to_hex(make_nonce(km->salt.reveal(), ctr)), v.at("nonce").get<std::string>());
  Bytes metadata = hex(v, "metadata");
  Bytes header(kMaxHeaderSize);
  header.resize(encode_header({kid, ctr}, header).value());
  EXPECT_EQ(to_hex(concat(header, metadata)), v.at("aad").get<std::string>());

  auto sender = KeyContext::create(suite, kid, base_key, KeyUsage::kEncrypt);
  ASSERT_TRUE(sender);
  ASSERT_TRUE(sender->advance_counter_to(ctr));
  Bytes pt = hex(v, "pt");
  Bytes frame(kMaxHeaderSize + pt.size() + params->nt);
  auto n = sender->protect(pt, metadata, frame);
  ASSERT_TRUE(n);
  frame.resize(*n);
  EXPECT_EQ(to_hex(frame), v.at("ct").get<std::string>());

  auto receiver = KeyContext::create(suite, kid, base_key, KeyUsage::kDecrypt);
  ASSERT_TRUE(receiver);
  Bytes ct = hex(v, "ct");
  auto h = decode_header(ct);
  ASSERT_TRUE(h);
  Bytes out(ct.size());
  auto m = receiver->unprotect(*h, ct, metadata, out);
  ASSERT_TRUE(m);
  out.resize(*m);
  EXPECT_EQ(out, pt);
}

INSTANTIATE_TEST_SUITE_P(Rfc9605, SFrameVector, ::testing::ValuesIn(section("sframe")));

}  // namespace
}  // namespace zt::sframe
