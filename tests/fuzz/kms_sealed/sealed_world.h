// The state every kms_sealed fuzz input starts from: a KMS session identity
// (fixed seed, certified once per process by a CA of its own), a session
// table on a fixed clock, and one session of alice opened with fixed
// randomness (so sealed seeds made by kms_sealed_seeds open in every run),
// over the KmsApi on the in-memory Store.
#pragma once

#include <memory>

#include "key_file_provider.h"
#include "kms_api.h"
#include "kms_grpc_service.h"
#include "memory_store.h"
#include "session_identity.h"
#include "session_table.h"
#include "zt/crypto/x509_issuer.h"
#include "zt/kms/session_crypto.h"

namespace zt::kms::fuzz {

inline const crypto::SecretBytes& identity_seed() {
  static const crypto::SecretBytes seed(Bytes(32, 7));
  return seed;
}

inline const SessionIdentity& identity() {
  static const SessionIdentity id = [] {
    const auto now = std::chrono::system_clock::now();
    crypto::SecretBytes ca_key = crypto::generate_x509_private_key();
    std::string root = crypto::create_root_ca(
        ca_key, {"fuzz CA", "", now - std::chrono::hours(1), now + std::chrono::hours(24), 0});
    return SessionIdentity(
        identity_seed(),
        issue_kms_certificate(identity_seed(), "kms.fuzz", root, ca_key,
                              now + std::chrono::hours(24)) +
            root,
        "kms.fuzz");
  }();
  return id;
}

inline Caller alice() { return {"alice", "org-a", CallerKind::kUser, "", false}; }

struct SealedWorld {
  ManualClock clock;
  testing::MemoryStore store;
  KeyFileProvider master{KeyFileProvider::generate(1, crypto::SystemRandom::instance())};
  KeyCache cache{clock, std::chrono::seconds(60), 16};
  UriCodec uris{"kms.fuzz"};
  KmsApi api{KmsApiDeps{store, master, cache, uris, clock, crypto::SystemRandom::instance(),
                        nullptr},
             KmsApiOptions{}};
  crypto::FixedRandom session_ids{{Bytes(kSessionIdSize, 0x5a), Bytes(kSessionIdSize, 0x6b)}};
  SessionTable sessions{identity(), clock, session_ids, SessionOptions{}};
  std::unique_ptr<SealingKey> to_kms;  // the client's half of alice's session

  SealedWorld() {
    clock.set_wall(std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000)));
    crypto::Hpke hpke(kSessionSuite);
    crypto::HpkeSetup setup;
    const std::string info(kSessionInfo);
    setup.info = {reinterpret_cast<const uint8_t*>(info.data()), info.size()};
    crypto::FixedRandom ephemeral({Bytes(32, 0x33)});
    const auto& pk = identity().published().hpke_public_key();
    crypto::HpkeSender sender =
        hpke.setup_sender({reinterpret_cast<const uint8_t*>(pk.data()), pk.size()}, setup, ephemeral);
    v1::SessionHello hello;
    hello.set_sent_at_unix_ms(1'800'000'000'000);
    hello.set_client_nonce(std::string(16, 'n'));
    v1::OpenSessionRequest open = open_request(sender, hello);
    v1::OpenSessionResponse opened = sessions.open_session(alice(), open);
    to_kms = std::make_unique<SealingKey>(
        sender.context, Direction::kClientToKms,
        BytesView(reinterpret_cast<const uint8_t*>(opened.session_id().data()),
                  opened.session_id().size()));
  }

  v1::OpenSessionRequest open_request(crypto::HpkeSender& sender, const v1::SessionHello& hello) {
    v1::OpenSessionRequest open;
    open.set_key_id(identity().key_id());
    open.set_enc(std::string(sender.enc.begin(), sender.enc.end()));
    const std::string& id = open.key_id();
    std::string plain = hello.SerializeAsString();
    Bytes ct = sender.context.seal({reinterpret_cast<const uint8_t*>(id.data()), id.size()},
                                   {reinterpret_cast<const uint8_t*>(plain.data()), plain.size()});
    open.set_ciphertext(std::string(ct.begin(), ct.end()));
    return open;
  }

  // A genuine sealed request of alice's session.
  v1::SealedRequest seal(uint64_t sequence, const std::string& method,
                         const std::string& request, int64_t expires_ms = 1'800'000'060'000) {
    v1::SealedCall call;
    call.set_method(method);
    call.set_request(request);
    call.set_expires_at_unix_ms(expires_ms);
    std::string plain = call.SerializeAsString();
    v1::SealedRequest out;
    out.set_session_id(std::string(kSessionIdSize, 0x5a));
    out.set_sequence(sequence);
    Bytes ct = to_kms->seal(sequence, {reinterpret_cast<const uint8_t*>(plain.data()), plain.size()});
    out.set_ciphertext(std::string(ct.begin(), ct.end()));
    return out;
  }
};

}  // namespace zt::kms::fuzz
