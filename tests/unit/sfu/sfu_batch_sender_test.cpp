// BatchSender on a real loopback socket: every datagram arrives intact,
// with and without UDP GSO, grouped per destination.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <map>

#include "batch_sender.h"

namespace zt::sfu {
namespace {

struct Socket {
  int fd = -1;
  Endpoint local;
  Socket() {
    fd = socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_storage sa{};
    socklen_t len = endpoint_to_sockaddr(parse_endpoint("127.0.0.1:0"), sa);
    EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&sa), len), 0);
    len = sizeof sa;
    getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
    local = endpoint_from_sockaddr(sa);
  }
  ~Socket() { close(fd); }
  std::vector<Bytes> drain() {
    std::vector<Bytes> got;
    pollfd p{fd, POLLIN, 0};
    while (poll(&p, 1, 200) > 0) {
      uint8_t buf[2000];
      ssize_t n = recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      got.emplace_back(buf, buf + n);
    }
    return got;
  }
};

// Destination a gets whole datagrams written into the arena; destination b
// gets a 12-byte head plus a tail that stays in `tails` (as a forwarded RTP
// packet's payload stays in the receive buffer).
void check(bool gso) {
  Socket tx, a, b;
  OutputBatch batch(1 << 20, 512);
  std::map<int, std::vector<Bytes>> expected;
  std::vector<Bytes> tails;
  tails.reserve(40);
  for (int i = 0; i < 40; ++i) {
    for (int d = 0; d < 2; ++d) {
      size_t size = (i % 10 == 9) ? 100 : 1200;  // a short one ends each GSO run
      Bytes pkt(size, static_cast<uint8_t>(i * 2 + d));
      pkt[0] = static_cast<uint8_t>(0xA0 + d);
      pkt[size - 1] = static_cast<uint8_t>(i);
      if (d == 0) {
        auto dst = batch.add(a.local, 1, size);
        ASSERT_EQ(dst.size(), size);
        std::copy(pkt.begin(), pkt.end(), dst.begin());
      } else {
        tails.emplace_back(pkt.begin() + 12, pkt.end());
        auto head = batch.add_with_tail(b.local, 2, 12, tails.back());
        ASSERT_EQ(head.size(), 12u);
        std::copy(pkt.begin(), pkt.begin() + 12, head.begin());
        EXPECT_EQ(batch.copy(batch.entries().back()), pkt);
      }
      expected[d].push_back(pkt);
    }
  }
  BatchSender sender(512, gso);
  DataPlaneCounters counters;
  EXPECT_EQ(sender.send(tx.fd, batch, counters), 80u);
  EXPECT_EQ(a.drain(), expected[0]);
  EXPECT_EQ(b.drain(), expected[1]);
}

TEST(SfuBatchSender, DeliversEveryDatagramInOrderWithGso) { check(true); }
TEST(SfuBatchSender, DeliversEveryDatagramInOrderWithoutGso) { check(false); }

// More destinations in one batch than any fixed-size grouping table would
// hold (a busy SFU: many meetings, one batch): every datagram still goes out.
TEST(SfuBatchSender, GroupsBatchesWithManyDestinations) {
  Socket tx, rx;
  constexpr size_t kEntries = 9000;
  OutputBatch batch(1 << 20, kEntries);
  for (size_t i = 0; i < kEntries; ++i) {
    auto dst = batch.add(rx.local, static_cast<uint32_t>(i * 7 + 1), 8);
    ASSERT_EQ(dst.size(), 8u);
    std::fill(dst.begin(), dst.end(), static_cast<uint8_t>(i));
  }
  BatchSender sender(kEntries, true);
  DataPlaneCounters counters;
  for (int round = 0; round < 3; ++round) EXPECT_EQ(sender.send(tx.fd, batch, counters), kEntries);
  EXPECT_EQ(counters.dropped(DropReason::kSendFailed), 0u);
}

}  // namespace
}  // namespace zt::sfu
