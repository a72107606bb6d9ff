// The media path must not allocate per frame (issue 5): after a warm-up that
// creates the per-KID contexts, protect/unprotect (plain and MLS), the video
// packetizer and the frame assembler make no C++ heap allocation. This
// binary replaces the global operator new to count allocations.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

#include "zt/crypto/hkdf.h"
#include "zt/rtp/frame_assembler.h"
#include "zt/rtp/packetizer.h"
#include "zt/sframe/context.h"
#include "zt/sframe/mls_key_manager.h"

// GCC flags free() on memory from this very operator new once it inlines the
// pair; the replacement is deliberate.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace zt::sframe {
namespace {

class AllocationCounter {
 public:
  AllocationCounter() : start_(g_allocations.load()) {}
  long count() const { return g_allocations.load() - start_; }

 private:
  long start_;
};

TEST(AllocationCounter, SeesAllocations) {
  static std::string* volatile sink = nullptr;
  AllocationCounter counter;
  sink = new std::string(100, 'x');
  delete sink;
  EXPECT_GE(counter.count(), 1);
}

class NoAllocation : public ::testing::TestWithParam<CipherSuite> {};

TEST_P(NoAllocation, ContextProtectUnprotect) {
  Context sender(GetParam());
  Context receiver(GetParam());
  Bytes key(16, 7);
  ASSERT_TRUE(sender.add_key(9, key, KeyUsage::kEncrypt));
  ASSERT_TRUE(receiver.add_key(9, key, KeyUsage::kDecrypt));
  Bytes pt(1200, 1), metadata(8, 2), frame(1300), out(1300);
  ASSERT_TRUE(sender.protect(9, pt, metadata, frame));  // warm-up
  AllocationCounter counter;
  for (int i = 0; i < 100; ++i) {
    auto n = sender.protect(9, pt, metadata, frame);
    ASSERT_TRUE(n);
    ASSERT_TRUE(receiver.unprotect(BytesView(frame.data(), *n), metadata, out));
  }
  EXPECT_EQ(counter.count(), 0);
}

INSTANTIATE_TEST_SUITE_P(Suites, NoAllocation,
                         ::testing::Values(CipherSuite::kAes128CtrHmacSha256_80,
                                           CipherSuite::kAes128GcmSha256_128,
                                           CipherSuite::kAes256GcmSha512_128));

TEST(NoAllocationMls, ProtectUnprotectAfterFirstFrame) {
  auto exporter = [](std::string_view, BytesView, size_t length) {
    return crypto::SecretBytes(Bytes(length, 3));
  };
  MlsKeyManager alice(MlsKeyConfig{});
  MlsKeyManager bob(MlsKeyConfig{});
  ASSERT_TRUE(alice.add_epoch(1, 40, 0, exporter));
  ASSERT_TRUE(bob.add_epoch(1, 40, 1, exporter));
  Bytes pt(100, 1), frame(200), out(200);
  auto first = alice.protect(0, pt, {}, frame);
  ASSERT_TRUE(first);
  ASSERT_TRUE(bob.unprotect(BytesView(frame.data(), *first), {}, out));
  AllocationCounter counter;
  for (int i = 0; i < 100; ++i) {
    auto n = alice.protect(0, pt, {}, frame);
    ASSERT_TRUE(n);
    ASSERT_TRUE(bob.unprotect(BytesView(frame.data(), *n), {}, out));
  }
  EXPECT_EQ(counter.count(), 0);
}

TEST(NoAllocationRtp, PacketizeAndAssemble) {
  rtp::VideoPacketizer packetizer(rtp::PacketizerConfig{});
  rtp::FrameAssembler assembler;
  Bytes frame(5000, 4);
  Bytes copy(1500);
  size_t completed = 0;
  AllocationCounter counter;
  for (uint32_t ts = 0; ts < 20; ++ts) {
    auto n = packetizer.packetize(frame, ts * 3000, {}, [&](BytesView packet) {
      std::copy(packet.begin(), packet.end(), copy.begin());
      auto view = rtp::RtpPacketView::parse(BytesView(copy.data(), packet.size()));
      auto out = assembler.push(*view);
      if (out && out->has_value()) ++completed;
    });
    ASSERT_TRUE(n);
  }
  EXPECT_EQ(counter.count(), 0);
  EXPECT_EQ(completed, 20u);
}

}  // namespace
}  // namespace zt::sframe
