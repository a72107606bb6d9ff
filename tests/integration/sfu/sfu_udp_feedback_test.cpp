// zt-sfu over real UDP on loopback, in one process, for what the router unit
// tests cannot show: a NACK is answered from the SFU's retransmission buffer
// (the publisher is not asked), a subscriber that never reads does not cost
// the others a packet, SetMaxLayer over gRPC switches layers only at a
// key frame of the new layer with the receiver's sequence numbers continuous,
// and a burst leaves as UDP GSO trains (head + payload from the receive
// buffer) that a UDP_GRO socket gets whole and splits back into the packets.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "../../unit/sfu/sfu_test_packets.h"
#include "sfu_test_server.h"
#include "zt/rtcp/feedback.h"

namespace zt::sfu {
namespace {

using testing::rtp_packet;
using testing::VideoMark;

struct Got {
  uint16_t seq = 0;
  uint32_t ts = 0;
  uint32_t ssrc = 0;
  Bytes payload;
};

// RTP datagrams among what `socket` has now (RTCP and STUN skipped).
std::vector<Got> rtp_in(const std::vector<loadgen::Datagram>& batch) {
  std::vector<Got> v;
  for (const auto& d : batch) {
    if (d.bytes.size() < 12 || (d.bytes[1] >= 192 && d.bytes[1] <= 223)) continue;  // RFC 5761 RTCP range
    auto p = rtp::RtpPacketView::parse(d.bytes);
    if (!p) continue;
    v.push_back({p->header().sequence, p->header().timestamp, p->header().ssrc,
                 Bytes(p->payload().begin(), p->payload().end())});
  }
  return v;
}

// Receives RTP on `socket` until `n` packets arrived or `timeout_ms` passed.
std::vector<Got> receive_rtp(loadgen::UdpSocket& socket, size_t n, int timeout_ms = 3000) {
  std::vector<Got> got;
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (got.size() < n && std::chrono::steady_clock::now() < until) {
    if (!socket.wait_readable(20)) continue;
    auto batch = rtp_in(socket.receive());
    got.insert(got.end(), batch.begin(), batch.end());
  }
  return got;
}

// RTCP payload types of every RTCP packet `socket` receives within `ms`.
std::vector<uint8_t> rtcp_types_within(loadgen::UdpSocket& socket, int ms) {
  std::vector<uint8_t> types;
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (std::chrono::steady_clock::now() < until) {
    if (!socket.wait_readable(20)) continue;
    for (const auto& d : socket.receive()) {
      if (d.bytes.size() >= 8 && d.bytes[1] >= 192 && d.bytes[1] <= 223) types.push_back(d.bytes[1]);
    }
  }
  return types;
}

// The kernel's per-socket drop count for a UDP socket bound to 127.0.0.1:port
// (last column of /proc/net/udp).
uint64_t kernel_drops(uint16_t port) {
  std::ifstream f("/proc/net/udp");
  std::string line;
  char local[32];
  std::snprintf(local, sizeof local, "0100007F:%04X", port);
  while (std::getline(f, line)) {
    if (line.find(local) == std::string::npos) continue;
    std::istringstream in(line);
    std::string field, last;
    while (in >> field) last = field;
    return std::stoull(last);
  }
  return 0;
}

class SfuUdp : public ::testing::Test {
 protected:
  std::unique_ptr<loadgen::SfuClient> joined(loadgen::UdpSocket& socket, const std::string& device) {
    auto c = std::make_unique<loadgen::SfuClient>(sfu_.channel, socket);
    c->join("m-udp", sfu_.grant("m-udp", device));
    return c;
  }

  uint32_t subscribe(loadgen::SfuClient& c, uint32_t track_id, uint32_t max_layer) {
    v1::SubscribeResponse resp;
    grpc::Status s = c.subscribe(track_id, max_layer, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(resp.subscriptions_size(), 1);
    return resp.subscriptions_size() == 1 ? resp.subscriptions(0).ssrc() : 0;
  }

  testing::InProcessSfu sfu_;
  Router& router_ = sfu_.router;
};

TEST_F(SfuUdp, NackIsAnsweredFromTheRetransmissionBufferWithoutThePublisher) {
  loadgen::UdpSocket pub_sock, sub_sock;
  auto pub = joined(pub_sock, "dev-pub");
  auto sub = joined(sub_sock, "dev-sub");
  v1::Track track = pub->publish(v1::TRACK_KIND_AUDIO, {7100});
  uint32_t out_ssrc = subscribe(*sub, track.track_id(), 0);

  constexpr uint16_t kFirst = 65530;  // wraps during the run
  constexpr int kCount = 20;
  std::map<uint16_t, Bytes> sent;  // publisher sequence -> payload
  for (int i = 0; i < kCount; ++i) {
    uint16_t seq = static_cast<uint16_t>(kFirst + i);
    Bytes payload(100 + i);
    crypto::SystemRandom::instance().fill(payload);
    sent[seq] = payload;
    ASSERT_TRUE(pub_sock.send_to(pub->sfu_address(), rtp_packet(7100, seq, 960u * i, payload)));
  }
  std::vector<Got> got = receive_rtp(sub_sock, kCount);
  ASSERT_EQ(got.size(), static_cast<size_t>(kCount));
  for (int i = 1; i < kCount; ++i) EXPECT_EQ(static_cast<uint16_t>(got[i].seq - got[i - 1].seq), 1);

  // The subscriber "loses" the 9th packet (after the wrap) and NACKs its own sequence number for it.
  const Got lost = got[8];
  ASSERT_EQ(lost.payload, sent[static_cast<uint16_t>(kFirst + 8)]);
  std::array<uint8_t, 64> nack{};
  rtcp::NackItem item{lost.seq, 0};
  auto n = rtcp::write_nack(0xABCD0001, out_ssrc, std::span(&item, 1), nack);
  ASSERT_TRUE(n.has_value());
  uint64_t answered = router_.counters().nacks_answered.load();
  ASSERT_TRUE(sub_sock.send_to(sub->sfu_address(), BytesView(nack.data(), *n)));

  std::vector<Got> rtx = receive_rtp(sub_sock, 1);
  ASSERT_EQ(rtx.size(), 1u);
  EXPECT_EQ(rtx[0].seq, lost.seq);  // the sequence number the subscriber saw, not the publisher's
  EXPECT_EQ(rtx[0].ts, lost.ts);
  EXPECT_EQ(rtx[0].ssrc, out_ssrc);
  EXPECT_EQ(rtx[0].payload, lost.payload);
  EXPECT_EQ(router_.counters().nacks_answered.load(), answered + 1);
  // The publisher is never asked to resend (no RTPFB NACK reaches it).
  for (uint8_t type : rtcp_types_within(pub_sock, 300)) EXPECT_NE(type, 205);
}

TEST_F(SfuUdp, SlowSubscriberNeverDelaysOthers) {
  loadgen::UdpSocket pub_sock, slow_sock;
  std::array<loadgen::UdpSocket, 3> fast_socks;
  auto pub = joined(pub_sock, "dev-pub");
  auto slow = joined(slow_sock, "dev-slow");
  std::vector<std::unique_ptr<loadgen::SfuClient>> fast;
  for (size_t i = 0; i < fast_socks.size(); ++i) fast.push_back(joined(fast_socks[i], "dev-fast" + std::to_string(i)));
  v1::Track track = pub->publish(v1::TRACK_KIND_AUDIO, {7200});
  int tiny = 1;  // the kernel rounds it up to its minimum (a few KiB)
  ASSERT_EQ(setsockopt(slow_sock.fd(), SOL_SOCKET, SO_RCVBUF, &tiny, sizeof tiny), 0);
  subscribe(*slow, track.track_id(), 0);
  for (auto& c : fast) subscribe(*c, track.track_id(), 0);
  uint64_t slow_drops_before = kernel_drops(slow_sock.port());

  constexpr int kCount = 1500;
  std::vector<std::vector<Got>> got(fast_socks.size());
  std::vector<std::thread> readers;
  for (size_t i = 0; i < fast_socks.size(); ++i) {
    readers.emplace_back([&, i] { got[i] = receive_rtp(fast_socks[i], kCount, 15000); });
  }
  for (int i = 0; i < kCount; ++i) {
    Bytes payload(600, static_cast<uint8_t>(i));
    payload[0] = static_cast<uint8_t>(i >> 8);
    ASSERT_TRUE(pub_sock.send_to(pub->sfu_address(), rtp_packet(7200, static_cast<uint16_t>(i), 960u * i, payload)));
    if (i % 20 == 19) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  for (auto& r : readers) r.join();

  for (size_t i = 0; i < fast_socks.size(); ++i) {
    ASSERT_EQ(got[i].size(), static_cast<size_t>(kCount)) << "fast subscriber " << i;
    for (int k = 0; k < kCount; ++k) {
      EXPECT_EQ(got[i][k].payload.size(), 600u);
      EXPECT_EQ(got[i][k].payload[0], static_cast<uint8_t>(k >> 8));
      EXPECT_EQ(got[i][k].payload[1], static_cast<uint8_t>(k));
    }
  }
  // The slow one lost most of the stream: its buffer holds a handful of packets.
  EXPECT_GT(kernel_drops(slow_sock.port()) - slow_drops_before, static_cast<uint64_t>(kCount / 2));
  // The SFU handed every copy to the kernel: nothing waited, nothing was held back.
  EXPECT_GE(router_.counters().packets_out.load(), static_cast<uint64_t>(kCount) * 4);
  EXPECT_EQ(router_.counters().dropped(DropReason::kOutputFull), 0u);
}

TEST_F(SfuUdp, SetMaxLayerSwitchesAtTheNextKeyFrameWithContinuousSequence) {
  constexpr uint32_t kSsrcs[3] = {7300, 7301, 7302};
  loadgen::UdpSocket pub_sock, sub_sock;
  auto pub = joined(pub_sock, "dev-pub");
  auto sub = joined(sub_sock, "dev-sub");
  v1::Track track = pub->publish(v1::TRACK_KIND_VIDEO, {kSsrcs[0], kSsrcs[1], kSsrcs[2]});
  uint32_t out_ssrc = subscribe(*sub, track.track_id(), 0);

  // One packet per layer per frame; payload = {layer, frame}.
  auto send_frame = [&](uint8_t frame, bool key) {
    for (uint8_t layer = 0; layer < 3; ++layer) {
      Bytes payload = {layer, frame, 0xEE};
      pub_sock.send_to(pub->sfu_address(), rtp_packet(kSsrcs[layer], static_cast<uint16_t>(1000 * layer + frame),
                                                      3000u * frame, payload, VideoMark{key, true, 0, 0}));
    }
  };
  std::vector<Got> all;
  auto expect_frames = [&](uint8_t first, uint8_t last, bool key_at_first, size_t expected) {
    for (uint8_t f = first; f <= last; ++f) send_frame(f, key_at_first && f == first);
    std::vector<Got> got = receive_rtp(sub_sock, expected);
    EXPECT_EQ(got.size(), expected);
    // Nothing more arrives (the other layers were filtered, not delayed).
    std::vector<Got> extra = receive_rtp(sub_sock, 1, 150);
    EXPECT_TRUE(extra.empty());
    all.insert(all.end(), got.begin(), got.end());
    return got;
  };

  auto start = expect_frames(0, 4, true, 5);
  for (const auto& g : start) EXPECT_EQ(g.payload[0], 0);

  v1::SetMaxLayerRequest req;
  req.set_session_id(sub->session().session_id());
  req.set_track_id(track.track_id());
  req.set_max_layer(2);
  v1::SetMaxLayerResponse resp;
  ASSERT_TRUE(sub->stub().SetMaxLayer(loadgen::rpc_context().get(), req, &resp).ok());

  auto deltas = expect_frames(5, 9, false, 5);  // no key frame yet: still layer 0
  for (const auto& g : deltas) EXPECT_EQ(g.payload[0], 0);
  // Key frame 10: its layer-0 copy goes out first, then layer 2 from there on.
  auto switched = expect_frames(10, 14, true, 6);
  ASSERT_EQ(switched.size(), 6u);
  EXPECT_EQ(switched[0].payload[0], 0);
  for (size_t i = 1; i < switched.size(); ++i) {
    EXPECT_EQ(switched[i].payload[0], 2);
    EXPECT_EQ(switched[i].payload[1], 10 + i - 1);
  }
  ASSERT_EQ(all.size(), 16u);
  for (size_t i = 1; i < all.size(); ++i) {
    EXPECT_EQ(static_cast<uint16_t>(all[i].seq - all[i - 1].seq), 1) << i;
    EXPECT_GE(static_cast<int32_t>(all[i].ts - all[i - 1].ts), 0) << i;
    EXPECT_EQ(all[i].ssrc, out_ssrc);
  }
}

TEST_F(SfuUdp, BurstLeavesAsGsoTrainsThatGroSocketsSplitBackIntoEveryPacket) {
  loadgen::UdpSocket pub_sock, plain_sock;
  loadgen::UdpSocket gro_sock(0, true);
  auto pub = joined(pub_sock, "dev-pub");
  auto gro = joined(gro_sock, "dev-gro");
  auto plain = joined(plain_sock, "dev-plain");
  v1::Track track = pub->publish(v1::TRACK_KIND_VIDEO, {7400});
  uint32_t gro_ssrc = subscribe(*gro, track.track_id(), 0);
  subscribe(*plain, track.track_id(), 0);

  constexpr int kCount = 40;
  std::vector<Bytes> sent;
  {
    // The worker cannot route while we hold the lock, so the whole burst
    // waits in its socket and goes through as one receive batch.
    auto lock = router_.lock();
    for (int i = 0; i < kCount; ++i) {
      Bytes payload(1000);
      crypto::SystemRandom::instance().fill(payload);
      sent.push_back(payload);
      ASSERT_TRUE(pub_sock.send_to(pub->sfu_address(),
                                   rtp_packet(7400, static_cast<uint16_t>(i), 3000u * (i / 10), payload,
                                              VideoMark{i == 0, i % 10 == 0, 0, 0})));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  // Raw datagrams, to see how they arrived.
  auto collect = [](loadgen::UdpSocket& sock) {
    std::vector<std::pair<Got, uint16_t>> v;
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (v.size() < static_cast<size_t>(kCount) && std::chrono::steady_clock::now() < until) {
      if (!sock.wait_readable(20)) continue;
      for (const auto& d : sock.receive()) {
        auto got = rtp_in({d});
        if (got.size() == 1) v.emplace_back(got[0], d.segments);
      }
    }
    return v;
  };
  auto via_gro = collect(gro_sock);
  auto via_plain = collect(plain_sock);
  ASSERT_EQ(via_gro.size(), static_cast<size_t>(kCount));
  ASSERT_EQ(via_plain.size(), static_cast<size_t>(kCount));
  uint16_t largest_train = 0;
  for (int i = 0; i < kCount; ++i) {
    EXPECT_EQ(via_gro[i].first.payload, sent[i]) << i;  // byte for byte, in order
    EXPECT_EQ(via_gro[i].first.ssrc, gro_ssrc);
    EXPECT_EQ(static_cast<uint16_t>(via_gro[i].first.seq - via_gro[0].first.seq), i);
    EXPECT_EQ(via_plain[i].first.payload, sent[i]) << i;
    EXPECT_EQ(via_plain[i].second, 1);  // without UDP_GRO the kernel hands out single datagrams
    largest_train = std::max(largest_train, via_gro[i].second);
  }
  EXPECT_GT(largest_train, 1);  // some arrived as one aggregate and were split
}

}  // namespace
}  // namespace zt::sfu
