// RFC 9180 test vectors: one test case per vector in
// $ZT_VECTORS_DIR/hpke/test-vectors.json, all 128 of them.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "zt/crypto/hpke.h"

namespace zt::crypto {
namespace {

using nlohmann::json;

struct Vector {
  size_t index;
  json data;
};

std::vector<Vector> load_vectors() {
  const char* dir = std::getenv("ZT_VECTORS_DIR");
  if (dir == nullptr) return {};
  std::ifstream in(std::string(dir) + "/hpke/test-vectors.json");
  if (!in) return {};
  const json all = json::parse(in);
  std::vector<Vector> out;
  for (size_t i = 0; i < all.size(); ++i) out.push_back({i, all[i]});
  return out;
}

const std::vector<Vector>& vectors() {
  static const std::vector<Vector> v = load_vectors();
  return v;
}

Bytes hex(const json& v, const char* field) { return from_hex(v.at(field).get<std::string>()); }

std::string vector_name(const ::testing::TestParamInfo<Vector>& info) {
  static const char* kModes[] = {"base", "psk", "auth", "authpsk"};
  const json& v = info.param.data;
  const auto kem = v.at("kem_id").get<int>();
  const auto kdf = v.at("kdf_id").get<int>();
  const auto aead = v.at("aead_id").get<int>();
  const char* kem_name = kem == 0x10   ? "P256"
                         : kem == 0x11 ? "P384"
                         : kem == 0x12 ? "P521"
                         : kem == 0x20 ? "X25519"
                                       : "X448";
  const char* kdf_name = kdf == 1 ? "Sha256" : kdf == 2 ? "Sha384" : "Sha512";
  const char* aead_name = aead == 1   ? "Aes128Gcm"
                          : aead == 2 ? "Aes256Gcm"
                          : aead == 3 ? "ChaCha20Poly1305"
                                      : "ExportOnly";
  return std::string(kModes[v.at("mode").get<int>() & 3]) + "_" + kem_name + "_" + kdf_name + "_" +
         aead_name + "_" + std::to_string(info.param.index);
}

class HpkeVectors : public ::testing::TestWithParam<Vector> {};

TEST(HpkeVectorFile, HasAll128Vectors) {
  ASSERT_NE(std::getenv("ZT_VECTORS_DIR"), nullptr) << "ZT_VECTORS_DIR is not set";
  EXPECT_EQ(vectors().size(), 128u) << "cannot read $ZT_VECTORS_DIR/hpke/test-vectors.json";
}

TEST_P(HpkeVectors, Conforms) {
  const json& v = GetParam().data;
  const auto mode = static_cast<HpkeMode>(v.at("mode").get<int>());
  const bool auth = mode == HpkeMode::kAuth || mode == HpkeMode::kAuthPsk;
  const bool psk = mode == HpkeMode::kPsk || mode == HpkeMode::kAuthPsk;
  const HpkeSuite suite{static_cast<KemId>(v.at("kem_id").get<int>()),
                        static_cast<HpkeKdf>(v.at("kdf_id").get<int>()),
                        static_cast<HpkeAead>(v.at("aead_id").get<int>())};
  const Hpke hpke(suite);
  const Dhkem& kem = hpke.kem();

  // DeriveKeyPair and Serialize*.
  const KemKeyPair e = kem.derive_key_pair(hex(v, "ikmE"));
  const KemKeyPair r = kem.derive_key_pair(hex(v, "ikmR"));
  EXPECT_EQ(to_hex(e.private_key.reveal()), v.at("skEm").get<std::string>());
  EXPECT_EQ(to_hex(e.public_key), v.at("pkEm").get<std::string>());
  EXPECT_EQ(to_hex(r.private_key.reveal()), v.at("skRm").get<std::string>());
  EXPECT_EQ(to_hex(r.public_key), v.at("pkRm").get<std::string>());
  EXPECT_EQ(kem.public_key_of(hex(v, "skRm")), hex(v, "pkRm"));
  Bytes sk_s, pk_s;
  if (auth) {
    const KemKeyPair s = kem.derive_key_pair(hex(v, "ikmS"));
    EXPECT_EQ(to_hex(s.private_key.reveal()), v.at("skSm").get<std::string>());
    EXPECT_EQ(to_hex(s.public_key), v.at("pkSm").get<std::string>());
    sk_s = hex(v, "skSm");
    pk_s = hex(v, "pkSm");
  }

  // Encap/Decap (ephemeral key = DeriveKeyPair(ikmE)).
  const Bytes pk_r = hex(v, "pkRm"), sk_r = hex(v, "skRm"), enc = hex(v, "enc");
  FixedRandom random_e({hex(v, "ikmE")});
  const EncapResult encap = auth ? kem.auth_encap(pk_r, sk_s, random_e) : kem.encap(pk_r, random_e);
  EXPECT_EQ(encap.enc, enc);
  EXPECT_EQ(to_hex(encap.shared_secret.reveal()), v.at("shared_secret").get<std::string>());
  const SecretBytes decapped = auth ? kem.auth_decap(enc, sk_r, pk_s) : kem.decap(enc, sk_r);
  EXPECT_EQ(to_hex(decapped.reveal()), v.at("shared_secret").get<std::string>());

  // Key schedule, on both sides.
  const Bytes info = hex(v, "info");
  Bytes psk_bytes, psk_id;
  if (psk) {
    psk_bytes = hex(v, "psk");
    psk_id = hex(v, "psk_id");
  }
  HpkeSetup sender_setup{mode, info, psk_bytes, psk_id, sk_s};
  HpkeSetup receiver_setup{mode, info, psk_bytes, psk_id, pk_s};
  FixedRandom random_s({hex(v, "ikmE")});
  HpkeSender sender = hpke.setup_sender(pk_r, sender_setup, random_s);
  EXPECT_EQ(sender.enc, enc);
  HpkeReceiverContext receiver = hpke.setup_receiver(enc, sk_r, receiver_setup);
  for (const HpkeContext* ctx : {static_cast<const HpkeContext*>(&sender.context),
                                 static_cast<const HpkeContext*>(&receiver)}) {
    const HpkeKeySchedule& ks = ctx->key_schedule();
    EXPECT_EQ(to_hex(ks.key.reveal()), v.at("key").get<std::string>());
    EXPECT_EQ(to_hex(ks.base_nonce), v.at("base_nonce").get<std::string>());
    EXPECT_EQ(to_hex(ks.exporter_secret.reveal()), v.at("exporter_secret").get<std::string>());
  }

  // Every encryption, in sequence.
  const bool export_only = suite.aead == HpkeAead::kExportOnly;
  if (export_only) {
    EXPECT_THROW(sender.context.seal({}, as_bytes("x")), CryptoError);
  }
  for (const json& c : v.at("encryptions")) {
    ASSERT_FALSE(export_only);
    const Bytes aad = hex(c, "aad"), pt = hex(c, "pt");
    EXPECT_EQ(to_hex(sender.context.seal(aad, pt)), c.at("ct").get<std::string>());
    auto opened = receiver.open(aad, hex(c, "ct"));
    ASSERT_TRUE(opened) << "seq " << receiver.sequence();
    EXPECT_EQ(*opened, pt);
  }
  EXPECT_EQ(sender.context.sequence(), v.at("encryptions").size());

  // Every export, from both sides.
  ASSERT_FALSE(v.at("exports").empty());
  for (const json& x : v.at("exports")) {
    const Bytes ctx = hex(x, "exporter_context");
    const auto len = x.at("L").get<size_t>();
    EXPECT_EQ(to_hex(sender.context.export_secret(ctx, len).reveal()),
              x.at("exported_value").get<std::string>());
    EXPECT_EQ(to_hex(receiver.export_secret(ctx, len).reveal()),
              x.at("exported_value").get<std::string>());
  }
}

INSTANTIATE_TEST_SUITE_P(Rfc9180, HpkeVectors, ::testing::ValuesIn(vectors()), vector_name);

}  // namespace
}  // namespace zt::crypto
