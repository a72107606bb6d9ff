// Packet builders shared by the SFU's router tests.
#pragma once

#include <array>
#include <string>

#include "router.h"
#include "zt/rtp/audio_level.h"
#include "zt/rtp/frame_marking.h"
#include "zt/rtp/packet.h"
#include "zt/stun/builder.h"
#include "zt/stun/hmac_integrity_key.h"
#include "zt/stun/message.h"

namespace zt::sfu::testing {

inline Endpoint ep(uint16_t port) { return parse_endpoint("127.0.0.1:" + std::to_string(port)); }

inline RouterOptions options() { return RouterOptions{}; }

// Deterministic "randomness" (splitmix64) that does not repeat within a
// test, so any number of transports get distinct ICE credentials.
inline Router make_router() {
  auto state = std::make_shared<uint64_t>(0);
  return Router(
      options(), [state](MutableBytesView out) {
        for (auto& b : out) {
          uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
          z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
          z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
          b = static_cast<uint8_t>(z ^ (z >> 31));
        }
      },
      [](const std::string& pwd) { return std::make_unique<stun::HmacIntegrityKey>(as_bytes(pwd)); });
}

inline Bytes binding_request(const TransportCredentials& c, const std::string& password, uint8_t tid = 1) {
  stun::HmacIntegrityKey key(as_bytes(password));
  std::array<uint8_t, 256> buf{};
  stun::TransactionId id{};
  id[0] = tid;
  stun::MessageBuilder b(buf, stun::kBindingRequest, id);
  b.add_username(c.ufrag + ":client").add_priority(1).add_use_candidate().add_ice_controlling(7).add_integrity(key)
      .add_fingerprint();
  return Bytes(b.bytes().begin(), b.bytes().end());
}

// The client's answer to a consent check the SFU sent (RFC 7675): a binding
// success with the check's transaction id, keyed with the ICE password.
inline Bytes consent_answer(const stun::TransactionId& id, const std::string& password) {
  stun::HmacIntegrityKey key(as_bytes(password));
  std::array<uint8_t, 256> buf{};
  stun::MessageBuilder b(buf, stun::kBindingSuccess, id);
  b.add_integrity(key).add_fingerprint();
  return Bytes(b.bytes().begin(), b.bytes().end());
}

inline Bytes consent_answer(BytesView check, const std::string& password) {
  auto m = stun::parse(check);
  if (!m || m->type != stun::kBindingRequest) return {};
  return consent_answer(m->transaction_id, password);
}

struct VideoMark {
  bool key = false;
  bool start = true;
  uint8_t tid = 0;
  uint8_t layer = 0;
};

inline Bytes rtp_packet(uint32_t ssrc, uint16_t seq, uint32_t ts, BytesView payload,
                        std::optional<VideoMark> mark = std::nullopt,
                        std::optional<uint8_t> audio_level = std::nullopt) {
  rtp::RtpHeader h;
  h.payload_type = 96;
  h.sequence = seq;
  h.timestamp = ts;
  h.ssrc = ssrc;
  std::array<uint8_t, 4> fm_bytes{};
  std::vector<rtp::HeaderExtension> exts;
  if (mark) {
    rtp::FrameMarking fm;
    fm.start_of_frame = mark->start;
    fm.end_of_frame = true;
    fm.independent = mark->key;
    fm.temporal_id = mark->tid;
    fm.layer_id = mark->layer;
    auto n = rtp::write_frame_marking(fm, fm_bytes);
    exts.push_back(rtp::HeaderExtension{rtp::kFrameMarkingExtensionId, BytesView(fm_bytes.data(), *n)});
  }
  std::array<uint8_t, 1> level_byte{};
  if (audio_level) {
    (void)rtp::write_audio_level(rtp::AudioLevel{*audio_level < 60, *audio_level}, level_byte);
    exts.push_back(rtp::HeaderExtension{rtp::kAudioLevelExtensionId, level_byte});
  }
  std::array<uint8_t, 1500> buf{};
  auto n = rtp::write_rtp_packet(h, exts, payload, buf);
  return Bytes(buf.begin(), buf.begin() + static_cast<long>(*n));
}

// Runs one datagram through the router and returns what it wants sent.
struct Harness {
  Router router = make_router();
  OutputBatch out{1 << 20, 4096};
  Bytes fed;
  SteadyTime now = SteadyTime{} + std::chrono::seconds(100);

  // The router may send parts of `packet` from where it lies (OutputBatch
  // tails), so the harness keeps it, as the UDP worker keeps its receive
  // buffer, until the next feed.
  void feed(const Endpoint& from, BytesView packet) {
    out.clear();
    fed.assign(packet.begin(), packet.end());
    auto lock = router.lock();
    router.on_datagram(from, fed, now, out);
  }
  // Joins and binds a transport at `port`.
  TransportCredentials join(const std::string& meeting, uint16_t port) {
    auto c = router.create_transport(meeting, "dev" + std::to_string(port), port, now, ep(0));
    feed(ep(port), binding_request(c, c.password));
    return c;
  }
  std::vector<std::pair<Endpoint, Bytes>> sent() const {
    std::vector<std::pair<Endpoint, Bytes>> v;
    for (const auto& e : out.entries()) v.emplace_back(e.dest, out.copy(e));
    return v;
  }
};

}  // namespace zt::sfu::testing
