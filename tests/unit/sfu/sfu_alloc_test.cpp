// The media path allocates nothing per packet (STYLE.md: no allocation on
// the data plane). A global operator new counts calls while armed; the
// router + batch sender, and then a real UDP worker, forward thousands of
// packets (simulcast, temporal filtering, a NACK answered, a PLI relayed)
// after a warm-up, and the count must stay zero. Its own binary, so the
// counting operator new does not sit under any other test.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "batch_sender.h"
#include "sfu_test_packets.h"
#include "udp_worker.h"
#include "zt/rtcp/feedback.h"

namespace {

std::atomic<bool> g_armed{false};
std::atomic<uint64_t> g_allocations{0};

void* counted_alloc(std::size_t n) {
  if (g_armed.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
  void* p = std::malloc(n == 0 ? 1 : n);
  if (!p) throw std::bad_alloc();
  return p;
}

}  // namespace

void* operator new(std::size_t n) { return counted_alloc(n); }
void* operator new[](std::size_t n) { return counted_alloc(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace zt::sfu {
namespace {

using testing::ep;
using testing::rtp_packet;
using testing::VideoMark;

constexpr uint32_t kLayers[] = {3000, 3001, 3002};
constexpr size_t kSubscribers = 20;

struct Armed {
  Armed() {
    g_allocations = 0;
    g_armed = true;
  }
  ~Armed() { g_armed = false; }
  uint64_t count() const { return g_allocations.load(); }
};

// Every packet of a 3-layer simulcast stream for `frames` frames of `per_frame`
// packets, key frame every 30 frames, temporal ids 0..2.
std::vector<Bytes> video(uint16_t first_seq, int frames, int per_frame, size_t payload_size) {
  std::vector<Bytes> v;
  Bytes payload(payload_size, 0x5A);
  uint16_t seq = first_seq;
  for (int f = 0; f < frames; ++f) {
    for (int p = 0; p < per_frame; ++p, ++seq) {
      for (size_t l = 0; l < 3; ++l) {
        VideoMark m{f % 30 == 0, p == 0, static_cast<uint8_t>(f % 3), static_cast<uint8_t>(l)};
        v.push_back(rtp_packet(kLayers[l], seq, static_cast<uint32_t>(f) * 3000u, payload, m));
      }
    }
  }
  return v;
}

TEST(SfuAllocations, TheCounterCounts) {
  Armed armed;
  void* p = ::operator new(16);  // a call, not a new-expression: cannot be elided
  ::operator delete(p);
  EXPECT_EQ(armed.count(), 1u);
}

TEST(SfuAllocations, RouterAndSenderForwardWithoutAllocating) {
  testing::Harness h;
  auto pub = h.join("m1", 5000);
  std::vector<uint32_t> out_ssrcs;
  auto track = h.router.publish(pub.transport_id, TrackKind::kVideo, {kLayers[0], kLayers[1], kLayers[2]});
  for (size_t s = 0; s < kSubscribers; ++s) {
    auto c = h.join("m1", static_cast<uint16_t>(5001 + s));
    out_ssrcs.push_back(h.router.subscribe(c.transport_id, track.track_id, static_cast<uint8_t>(s % 3))[0].out_ssrc);
  }
  int tx = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  ASSERT_GE(tx, 0);
  BatchSender sender(4096, true);
  auto warm = video(1, 60, 5, 1100);
  auto packets = video(301, 300, 5, 1100);
  std::array<rtcp::NackItem, 4> items{};
  // Lost shortly before the NACK goes out halfway through the measured run
  // (sequence 1051): still in layer 0's retransmission buffer.
  std::vector<uint16_t> lost = {1040, 1045};
  size_t n_items = rtcp::pack_nack_items(lost, items);
  std::array<uint8_t, 64> nack_buf{};
  auto nack_size = rtcp::write_nack(42, out_ssrcs[0], std::span(items.data(), n_items), nack_buf);
  ASSERT_TRUE(nack_size);
  std::array<uint8_t, 64> pli_buf{};
  auto pli_size = rtcp::write_pli(42, out_ssrcs[1], pli_buf);
  ASSERT_TRUE(pli_size);

  auto run = [&](const std::vector<Bytes>& pkts, bool feedback) {
    size_t forwarded = 0;
    auto lock = h.router.lock();
    for (size_t i = 0; i < pkts.size(); ++i) {
      h.out.clear();
      h.router.on_datagram(ep(5000), pkts[i], h.now, h.out);
      if (feedback && i == pkts.size() / 2) {
        h.router.on_datagram(ep(5001), BytesView(nack_buf.data(), *nack_size), h.now, h.out);
        h.router.on_datagram(ep(5002), BytesView(pli_buf.data(), *pli_size), h.now, h.out);
      }
      forwarded += h.out.entries().size();
      sender.send(tx, h.out, h.router.counters());
      h.now += std::chrono::microseconds(200);
    }
    return forwarded;
  };
  run(warm, true);
  uint64_t out_before = h.router.counters().packets_out.load();
  uint64_t nacks_before = h.router.counters().nacks_answered.load();
  size_t forwarded = 0;
  uint64_t allocations = 0;
  {
    Armed armed;
    forwarded = run(packets, true);
    allocations = armed.count();
  }
  close(tx);
  EXPECT_GT(forwarded, packets.size() * 3);  // really forwarded, to many subscribers
  EXPECT_GT(h.router.counters().packets_out.load() - out_before, packets.size() * 3);
  EXPECT_EQ(h.router.counters().nacks_answered.load() - nacks_before, 2u);
  EXPECT_EQ(allocations, 0u);
}

// The same through a real UdpWorker: recvmmsg, router, GSO send, latency.
// Audio with RFC 6464 levels from 6 publishers, the dominant-speaker
// detector evaluating every 50 ms and audio last-N filtering: once the
// speaker order is settled (a change of dominant speaker allocates for its
// event), nothing allocates.
TEST(SfuAllocations, AudioLevelsAndLastNWithoutAllocating) {
  testing::Harness h;
  constexpr size_t kPublishers = 6;
  for (size_t i = 0; i < kPublishers; ++i) {
    auto c = h.join("m1", static_cast<uint16_t>(6000 + i));
    h.router.publish(c.transport_id, TrackKind::kAudio, {static_cast<uint32_t>(7000 + i)});
  }
  for (size_t s = 0; s < 4; ++s) h.router.subscribe(h.join("m1", static_cast<uint16_t>(5900 + s)).transport_id,
                                                    std::nullopt, 0);
  std::vector<Bytes> packets;
  for (uint16_t seq = 1; seq <= 400; ++seq) {
    for (size_t i = 0; i < kPublishers; ++i) {
      packets.push_back(rtp_packet(static_cast<uint32_t>(7000 + i), seq, seq * 960u, Bytes(80, 0x11), std::nullopt,
                                   static_cast<uint8_t>(20 + 8 * i)));
    }
  }
  auto run = [&](size_t from, size_t to) {
    auto lock = h.router.lock();
    for (size_t k = from; k < to; ++k) {
      if (k % kPublishers == 0) h.now += std::chrono::milliseconds(20);
      h.out.clear();
      h.router.on_datagram(ep(static_cast<uint16_t>(6000 + k % kPublishers)), packets[k], h.now, h.out);
    }
  };
  run(0, packets.size() / 2);  // 4 s: the order settles
  uint64_t out_before = h.router.counters().packets_out.load();
  Armed armed;
  run(packets.size() / 2, packets.size());
  EXPECT_EQ(armed.count(), 0u);
  EXPECT_GT(h.router.counters().packets_out.load(), out_before);
  EXPECT_GT(h.router.counters().dropped(DropReason::kNotLoudest), 0u);
}

TEST(SfuAllocations, UdpWorkerForwardsWithoutAllocating) {
  Router router = testing::make_router();
  WorkerOptions options;
  options.tick = std::chrono::milliseconds(50);  // ticks (consent, RR) run while armed too
  UdpServer server(router, ep(0), 1, options);
  server.start();
  Endpoint sfu = server.local_endpoint();
  sockaddr_storage sfu_sa{};
  socklen_t sfu_len = endpoint_to_sockaddr(sfu, sfu_sa);

  struct Peer {
    int fd = -1;
    Endpoint local;
  };
  auto open_peer = [] {
    Peer p;
    p.fd = socket(AF_INET, SOCK_DGRAM, 0);
    int size = 4 << 20;
    setsockopt(p.fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    sockaddr_storage sa{};
    socklen_t len = endpoint_to_sockaddr(ep(0), sa);
    EXPECT_EQ(bind(p.fd, reinterpret_cast<sockaddr*>(&sa), len), 0);
    len = sizeof sa;
    getsockname(p.fd, reinterpret_cast<sockaddr*>(&sa), &len);
    p.local = endpoint_from_sockaddr(sa);
    return p;
  };
  auto send = [&](const Peer& p, BytesView b) {
    return sendto(p.fd, b.data(), b.size(), 0, reinterpret_cast<sockaddr*>(&sfu_sa), sfu_len) ==
           static_cast<ssize_t>(b.size());
  };
  auto drain = [](const Peer& p, size_t want, int timeout_ms) {
    size_t got = 0;
    std::array<uint8_t, 2048> buf{};
    pollfd pfd{p.fd, POLLIN, 0};
    while (got < want && poll(&pfd, 1, timeout_ms) > 0) {
      while (recv(p.fd, buf.data(), buf.size(), MSG_DONTWAIT) > 0) ++got;
    }
    return got;
  };
  auto now = std::chrono::steady_clock::now();
  auto join = [&](Peer& p, const std::string& device) {
    auto c = router.create_transport("m1", device, 0, now, ep(0));  // joined from 127.0.0.1
    EXPECT_TRUE(send(p, testing::binding_request(c, c.password)));
    EXPECT_EQ(drain(p, 1, 2000), 1u);  // the binding response
    return c.transport_id;
  };
  Peer pub = open_peer();
  std::array<Peer, 4> subs;
  uint32_t pub_id = join(pub, "pub");
  std::array<uint32_t, 4> sub_ids{};
  for (size_t i = 0; i < subs.size(); ++i) {
    subs[i] = open_peer();
    sub_ids[i] = join(subs[i], "sub" + std::to_string(i));
  }
  ASSERT_FALSE(HasFailure());
  auto track = router.publish(pub_id, TrackKind::kVideo, {kLayers[0], kLayers[1], kLayers[2]});
  for (uint32_t id : sub_ids) router.subscribe(id, track.track_id, 2);
  auto warm = video(1, 30, 5, 1000);
  auto packets = video(151, 90, 5, 1000);
  // Sends a frame (5 packets x 3 layers) at a time; returns what the
  // subscribers (all on layer 2) received.
  auto forward = [&](const std::vector<Bytes>& pkts) {
    for (size_t i = 0; i < pkts.size(); ++i) {
      EXPECT_TRUE(send(pub, pkts[i]));
      if (i % 15 == 14) usleep(300);
    }
    size_t got = 0;
    for (const Peer& s : subs) got += drain(s, pkts.size() / 3, 2000);
    return got;
  };
  ASSERT_EQ(forward(warm), warm.size() / 3 * subs.size());
  uint64_t out_before = router.counters().packets_out.load();
  uint64_t allocations = 0;
  size_t received = 0;
  {
    Armed armed;
    received = forward(packets);
    usleep(150000);  // a few ticks (consent check, receiver reports)
    allocations = armed.count();
  }
  EXPECT_EQ(received, packets.size() / 3 * subs.size());
  EXPECT_EQ(router.counters().packets_out.load() - out_before, packets.size() / 3 * subs.size());
  EXPECT_EQ(allocations, 0u);
  server.stop();
  close(pub.fd);
  for (const Peer& s : subs) close(s.fd);
}

}  // namespace
}  // namespace zt::sfu
