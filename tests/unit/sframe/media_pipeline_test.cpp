// End to end on the client side of docs/media-format.md: SFrame-protect a
// video frame with MLS keys, packetize at an MTU, deliver out of order,
// reassemble, unprotect. Also checks what the SFU sees in plaintext.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "zt/crypto/hkdf.h"
#include "zt/rtp/frame_assembler.h"
#include "zt/rtp/packetizer.h"
#include "zt/sframe/mls_key_manager.h"

namespace zt::sframe {
namespace {

SecretExporter exporter_for(uint64_t epoch) {
  Bytes secret{static_cast<uint8_t>(epoch), 1, 2, 3};
  return [secret](std::string_view label, BytesView context, size_t length) {
    auto prk = crypto::hkdf_extract(crypto::HashAlgorithm::kSha256, {}, secret);
    return crypto::hkdf_expand(crypto::HashAlgorithm::kSha256, prk.reveal(),
                               concat(as_bytes(label), context), length);
  };
}

TEST(MediaPipeline, VideoFrameSurvivesPacketizationAndReordering) {
  ManualClock clock;
  MlsKeyConfig config;
  config.clock = &clock;
  MlsKeyManager sender(config);
  MlsKeyManager receiver(config);
  ASSERT_TRUE(sender.add_epoch(3, 5, 4, exporter_for(3)));
  ASSERT_TRUE(receiver.add_epoch(3, 5, 1, exporter_for(3)));

  rtp::PacketizerConfig pc;
  pc.mtu = 500;
  pc.ssrc = 0xabcdef;
  rtp::VideoPacketizer packetizer(pc);
  rtp::FrameAssembler assembler;
  std::mt19937 rng(3);

  for (uint32_t n = 0; n < 10; ++n) {
    Bytes encoded(3000 + n * 97);
    for (size_t i = 0; i < encoded.size(); ++i) encoded[i] = static_cast<uint8_t>(i * 31 + n);
    Bytes frame(encoded.size() + kMaxHeaderSize + 16);
    auto size = sender.protect(/*context=*/1, encoded, {}, frame);
    ASSERT_TRUE(size);
    frame.resize(*size);

    rtp::FrameInfo info;
    info.key_frame = n == 0;
    info.temporal_id = static_cast<uint8_t>(n % 2);
    std::vector<Bytes> packets;
    ASSERT_TRUE(packetizer.packetize(
        frame, n * 3000, info, [&](BytesView p) { packets.emplace_back(p.begin(), p.end()); }));
    ASSERT_GT(packets.size(), 5u);
    // What the SFU can read: layer info in the clear, media bytes nowhere.
    for (const auto& p : packets) {
      EXPECT_LE(p.size(), pc.mtu);
      auto view = rtp::RtpPacketView::parse(p);
      ASSERT_TRUE(view);
      auto fm = rtp::parse_frame_marking(*view->extensions().find(rtp::kFrameMarkingExtensionId));
      EXPECT_EQ(fm->independent, n == 0);
      EXPECT_EQ(fm->temporal_id, n % 2);
      EXPECT_EQ(std::search(p.begin(), p.end(), encoded.begin(), encoded.begin() + 16), p.end());
    }
    std::shuffle(packets.begin(), packets.end(), rng);

    std::optional<Bytes> assembled;
    for (const auto& p : packets) {
      auto out = assembler.push(*rtp::RtpPacketView::parse(p));
      ASSERT_TRUE(out);
      if (out->has_value()) assembled = Bytes((*out)->data.begin(), (*out)->data.end());
    }
    ASSERT_TRUE(assembled);
    Bytes plain(assembled->size());
    auto r = receiver.unprotect(*assembled, {}, plain);
    ASSERT_TRUE(r) << to_string(r.error());
    EXPECT_EQ(r->sender_index, 4u);
    EXPECT_EQ(r->context, 1u);
    plain.resize(r->size);
    EXPECT_EQ(plain, encoded);
  }
}

}  // namespace
}  // namespace zt::sframe
