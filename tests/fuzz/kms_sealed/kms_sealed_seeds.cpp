// Writes the kms_sealed seed corpus into the directory named by argv[1]
// (build it on demand: cmake --build build --target kms_sealed_seeds; it lands in
// build/fuzz/, not build/bin/).
#include <fstream>
#include <string>

#include "sealed_world.h"

using namespace zt::kms;
namespace crypto = zt::crypto;
using zt::Bytes;

namespace {

void write(const std::string& dir, const std::string& name, char kind, const std::string& body) {
  std::ofstream(dir + "/" + name, std::ios::binary) << kind << body;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const std::string dir = argv[1];
  fuzz::SealedWorld w;
  v1::CreateKeysRequest one;
  one.set_count(1);
  v1::RetrieveKeysRequest retrieve;
  retrieve.add_key_uris("kms://kms.fuzz/keys/00000000-0000-4000-8000-000000000001");
  v1::CreateResourceRequest resource;
  resource.set_mode(v1::RESOURCE_MODE_STANDARD);
  write(dir, "sealed_create_keys", 1, w.seal(1, "CreateKeys", one.SerializeAsString()).SerializeAsString());
  write(dir, "sealed_retrieve", 1, w.seal(1, "RetrieveKeys", retrieve.SerializeAsString()).SerializeAsString());
  write(dir, "sealed_create_resource", 1,
        w.seal(1, "CreateResource", resource.SerializeAsString()).SerializeAsString());
  write(dir, "sealed_seq5", 1, w.seal(5, "CreateKeys", one.SerializeAsString()).SerializeAsString());
  write(dir, "sealed_seq0", 1, w.seal(0, "CreateKeys", one.SerializeAsString()).SerializeAsString());
  write(dir, "sealed_expired", 1,
        w.seal(1, "CreateKeys", one.SerializeAsString(), 1'799'999'000'000).SerializeAsString());
  write(dir, "sealed_unknown_method", 1, w.seal(1, "Nope", "").SerializeAsString());
  write(dir, "sealed_bad_inner", 1, w.seal(1, "RetrieveKeys", "\xff\xff\x0f").SerializeAsString());
  v1::SealedRequest tampered = w.seal(1, "CreateKeys", one.SerializeAsString());
  (*tampered.mutable_ciphertext())[3] ^= 1;
  write(dir, "sealed_tampered", 1, tampered.SerializeAsString());
  write(dir, "sealed_empty", 1, "");
  crypto::Hpke hpke(kSessionSuite);
  crypto::HpkeSetup setup;
  const std::string info(kSessionInfo);
  setup.info = {reinterpret_cast<const uint8_t*>(info.data()), info.size()};
  crypto::FixedRandom ephemeral({Bytes(32, 0x44)});
  const auto& pk = fuzz::identity().published().hpke_public_key();
  crypto::HpkeSender sender = hpke.setup_sender(
      {reinterpret_cast<const uint8_t*>(pk.data()), pk.size()}, setup, ephemeral);
  v1::SessionHello hello;
  hello.set_sent_at_unix_ms(1'800'000'000'000);
  hello.set_client_nonce(std::string(16, 'm'));
  write(dir, "open_genuine", 0, w.open_request(sender, hello).SerializeAsString());
  v1::OpenSessionRequest wrong_key;
  wrong_key.set_key_id("0011");
  write(dir, "open_wrong_key", 0, wrong_key.SerializeAsString());
  v1::OpenSessionRequest bad_enc;
  bad_enc.set_key_id(fuzz::identity().key_id());
  bad_enc.set_enc("short");
  write(dir, "open_bad_enc", 0, bad_enc.SerializeAsString());
  write(dir, "open_empty", 0, "");
  return 0;
}
