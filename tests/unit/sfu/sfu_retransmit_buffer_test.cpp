// RetransmitBuffer: packets kept at their real size in a byte ring; what the
// ring has overwritten since, or what is older than a second, is gone; what
// is still there comes back byte for byte, never split at the ring's end.
#include <gtest/gtest.h>

#include "retransmit_buffer.h"

namespace zt::sfu {
namespace {

using Clock = std::chrono::steady_clock;

Bytes packet(uint16_t seq, size_t size) {
  Bytes b(size);
  for (size_t i = 0; i < size; ++i) b[i] = static_cast<uint8_t>(seq * 31 + i);
  return b;
}

TEST(SfuRetransmitBuffer, KeepsTheLatestBytesAndForgetsWhatWasOverwritten) {
  RetransmitBuffer buf(64, 4000);  // ring of 4000 bytes: about three 1200-byte packets
  Clock::time_point now{std::chrono::seconds(10)};
  for (uint16_t seq = 1; seq <= 10; ++seq) buf.store(seq, packet(seq, 1200), now);
  for (uint16_t seq = 1; seq <= 7; ++seq) EXPECT_TRUE(buf.find(seq, now).empty()) << seq;
  for (uint16_t seq = 8; seq <= 10; ++seq) {
    BytesView got = buf.find(seq, now);
    Bytes want = packet(seq, 1200);
    ASSERT_EQ(got.size(), want.size()) << seq;
    EXPECT_TRUE(std::equal(got.begin(), got.end(), want.begin())) << seq;
  }
}

TEST(SfuRetransmitBuffer, SmallPacketsFillTheSlotsAndAgeOut) {
  RetransmitBuffer buf(64, 16 << 10);
  Clock::time_point now{std::chrono::seconds(10)};
  for (uint16_t seq = 0; seq < 200; ++seq) buf.store(seq, packet(seq, 60 + seq % 40), now);
  EXPECT_TRUE(buf.find(100, now).empty());  // its slot was reused (64 slots)
  BytesView last = buf.find(199, now);
  EXPECT_EQ(last.size(), 60u + 199 % 40);
  EXPECT_TRUE(buf.find(199, now + std::chrono::milliseconds(1001)).empty());
  EXPECT_GT(buf.allocated_bytes(), size_t{16} << 10);
  EXPECT_LT(buf.allocated_bytes(), size_t{20} << 10);
}

}  // namespace
}  // namespace zt::sfu
