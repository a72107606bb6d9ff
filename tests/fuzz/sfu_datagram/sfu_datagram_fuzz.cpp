// Datagrams through the SFU's router (parsers *and* router), as a run of
// records [kind][source][length][bytes]: raw bytes, a binding request with
// valid integrity for either transport, the answer to the last consent
// check sent to that source, a NACK for the subscriber's stream, an RTP
// packet of the publisher's 3-layer track, or time passing. Sources: the
// publisher, the subscriber, a third address (the victim of a reflection)
// and a new port of the subscriber. Besides never crashing, the router must
// keep two promises whatever the records: nothing but consent checks, and
// no more bytes than it got from there, goes to an address without consent;
// and NACK resends stay within the subscriber's byte budget.
#include <cstdint>
#include <cstdlib>

#include "sfu_test_packets.h"
#include "zt/rtcp/feedback.h"
#include "zt/stun/message.h"

namespace {

using namespace zt;
using namespace zt::sfu;

constexpr uint32_t kLayers[] = {3000, 3001, 3002};

struct Run {
  testing::Harness h;
  TransportCredentials pub = h.join("m1", 5000);
  TransportCredentials sub = h.join("m1", 5001);
  uint32_t out_ssrc = 0;
  Endpoint sources[4] = {testing::ep(5000), testing::ep(5001), parse_endpoint("127.0.0.9:6000"),
                         testing::ep(5002)};
  Bytes last_check[4];
  uint64_t victim_in = 0;
  uint64_t victim_out = 0;
  bool victim_consented = false;
  SteadyTime start = h.now;

  Run() {
    auto track =
        h.router.publish(pub.transport_id, TrackKind::kVideo, {kLayers[0], kLayers[1], kLayers[2]});
    out_ssrc = h.router.subscribe(sub.transport_id, track.track_id, 2)[0].out_ssrc;
  }

  Bytes datagram(uint8_t kind, size_t src, BytesView p) {
    switch (kind % 6) {
      case 1: {
        const TransportCredentials& c = !p.empty() && (p[0] & 1) ? pub : sub;
        return testing::binding_request(c, c.password, p.size() > 1 ? p[1] : 0);
      }
      case 2: {
        auto m = stun::parse(last_check[src]);
        if (!m) return {};
        std::string_view user = m->username.substr(m->username.find(':') + 1);
        return testing::consent_answer(m->transaction_id,
                                       user == pub.ufrag ? pub.password : sub.password);
      }
      case 3: {
        rtcp::NackItem items[64];
        size_t n = 0;
        for (size_t i = 0; i + 3 < p.size() && n < 64; i += 4) {
          items[n++] = {static_cast<uint16_t>(p[i] << 8 | p[i + 1]),
                        static_cast<uint16_t>(p[i + 2] << 8 | p[i + 3])};
        }
        if (n == 0) return {};
        Bytes out(12 + 4 * n);
        (void)rtcp::write_nack(42, out_ssrc, std::span(items, n), out);
        return out;
      }
      case 4: {
        if (p.size() < 4) return {};
        uint16_t seq = static_cast<uint16_t>(p[1] << 8 | p[2]);
        testing::VideoMark mark{(p[0] & 4) != 0, (p[0] & 8) != 0,
                                static_cast<uint8_t>(p[0] >> 4 & 3),
                                static_cast<uint8_t>(p[0] % 3)};
        return testing::rtp_packet(kLayers[p[0] % 3], seq, seq * 3000u,
                                   Bytes(size_t{p[3]} * 4, 0x5A), mark);
      }
      case 5:
        h.now += std::chrono::milliseconds(p.empty() ? 1 : p[0] * 20);
        return {};
      default:
        return Bytes(p.begin(), p.end());
    }
  }

  void feed(size_t src, BytesView packet) {
    const Endpoint& from = sources[src];
    uint64_t consents = h.router.counters().consents_established.load();
    h.feed(from, packet);
    if (src == 2) {
      victim_in += packet.size();
      if (h.router.counters().consents_established.load() > consents) victim_consented = true;
    }
    for (const auto& [to, bytes] : h.sent()) {
      for (size_t i = 0; i < 4; ++i) {
        auto m = stun::parse(bytes);
        if (to == sources[i] && m && m->type == stun::kBindingRequest) last_check[i] = bytes;
      }
      if (!(to == sources[2]) || victim_consented) continue;
      auto m = stun::parse(bytes);
      if (!m || m->type != stun::kBindingRequest)
        std::abort();  // media or an answer to an unconsented address
      victim_out += bytes.size();
    }
    if (!victim_consented && victim_out > victim_in)
      std::abort();  // amplification towards the victim
    const RouterOptions o;
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(h.now - start).count();
    uint64_t budget =
        o.nack_burst_bytes + o.nack_bytes_per_second * static_cast<uint64_t>(elapsed) / 1000;
    if (h.router.counters().nack_bytes_resent.load() > budget)
      std::abort();  // past the resend budget
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Run run;
  size_t i = 0;
  for (int records = 0; i + 3 <= size && records < 256; ++records) {
    uint8_t kind = data[i];
    size_t src = data[i + 1] % 4;
    size_t len = std::min<size_t>(data[i + 2], size - i - 3);
    BytesView payload(data + i + 3, len);
    i += 3 + len;
    Bytes d = run.datagram(kind, src, payload);
    if (!d.empty()) run.feed(src, d);
  }
  return 0;
}
