// The dominant-speaker detector and audio last-N on scripted audio levels:
// 50 packets/s per speaker (one level each), evaluated every 50 ms.
#include "dominant_speaker.h"

#include <gtest/gtest.h>

#include <map>

namespace zt::sfu {
namespace {

using namespace std::chrono_literals;

constexpr uint8_t kSilence = 127;

struct Script {
  DominantSpeaker detector{SpeakerOptions{}};
  DominantSpeaker::TimePoint now{};
  std::vector<uint32_t> switches_at_ms;  // times of dominant-speaker changes
  std::chrono::milliseconds elapsed{0};

  // Runs `duration` with each slot's level fixed (missing slots: silence).
  void run(std::chrono::milliseconds duration, const std::map<uint32_t, uint8_t>& levels,
           const std::vector<uint32_t>& slots) {
    for (auto t = 0ms; t < duration; t += 20ms) {
      for (uint32_t slot : slots) {
        auto it = levels.find(slot);
        detector.on_level(slot, it == levels.end() ? kSilence : it->second);
      }
      now += 20ms;
      elapsed += 20ms;
      if (detector.due(now) && detector.evaluate(now)) {
        switches_at_ms.push_back(static_cast<uint32_t>(elapsed.count()));
      }
    }
  }
};

TEST(DominantSpeaker, FirstSpeakerTakesOverAfterTheHoldTime) {
  Script s;
  uint32_t a = s.detector.add(10);
  uint32_t b = s.detector.add(11);
  s.run(1000ms, {}, {a, b});
  EXPECT_EQ(s.detector.dominant_track(), DominantSpeaker::kNone);  // silence elects no one
  EXPECT_TRUE(s.switches_at_ms.empty());
  s.run(1000ms, {{a, 30}}, {a, b});
  EXPECT_EQ(s.detector.dominant_track(), 10u);
  ASSERT_EQ(s.switches_at_ms.size(), 1u);
  // Not before the hold time (200 ms), and well within 300 ms.
  EXPECT_GE(s.switches_at_ms[0], 1000u + 200u);
  EXPECT_LE(s.switches_at_ms[0], 1000u + 300u);
}

TEST(DominantSpeaker, SilenceDoesNotSwitch) {
  Script s;
  uint32_t a = s.detector.add(10);
  uint32_t b = s.detector.add(11);
  s.run(1000ms, {{a, 30}}, {a, b});
  ASSERT_EQ(s.detector.dominant_track(), 10u);
  s.run(5000ms, {}, {a, b});  // everyone silent: A stays dominant
  EXPECT_EQ(s.detector.dominant_track(), 10u);
  EXPECT_EQ(s.switches_at_ms.size(), 1u);
}

TEST(DominantSpeaker, ACoughDoesNotSwitch) {
  Script s;
  uint32_t a = s.detector.add(10);
  uint32_t b = s.detector.add(11);
  s.run(1000ms, {{a, 40}}, {a, b});
  ASSERT_EQ(s.detector.dominant_track(), 10u);
  // B coughs loudly for 140 ms while A talks on, then again during a pause of A.
  s.run(140ms, {{a, 40}, {b, 5}}, {a, b});
  s.run(500ms, {{a, 40}}, {a, b});
  s.run(140ms, {{b, 5}}, {a, b});
  s.run(500ms, {}, {a, b});
  EXPECT_EQ(s.detector.dominant_track(), 10u);
  EXPECT_EQ(s.switches_at_ms.size(), 1u);
}

TEST(DominantSpeaker, SwitchesOnlyAfterTheMarginAndTheHoldTime) {
  Script s;
  uint32_t a = s.detector.add(10);
  uint32_t b = s.detector.add(11);
  s.run(1000ms, {{a, 40}}, {a, b});
  ASSERT_EQ(s.detector.dominant_track(), 10u);
  // B talks a little louder than A (5 dB: under the 8 dB margin): no switch.
  s.run(3000ms, {{a, 40}, {b, 35}}, {a, b});
  EXPECT_EQ(s.detector.dominant_track(), 10u);
  // B talks 20 dB louder than A: switch, not before the hold time.
  auto before = s.elapsed.count();
  s.run(1000ms, {{a, 40}, {b, 20}}, {a, b});
  EXPECT_EQ(s.detector.dominant_track(), 11u);
  ASSERT_EQ(s.switches_at_ms.size(), 2u);
  EXPECT_GE(s.switches_at_ms[1], before + 200);
  EXPECT_LE(s.switches_at_ms[1], before + 400);
  // A stops, B keeps talking: B stays.
  s.run(2000ms, {{b, 20}}, {a, b});
  EXPECT_EQ(s.detector.dominant_track(), 11u);
  EXPECT_EQ(s.switches_at_ms.size(), 2u);
}

TEST(DominantSpeaker, LastNForwardsTheLoudest) {
  Script s;
  std::vector<uint32_t> slots;
  for (uint32_t t = 0; t < 6; ++t) slots.push_back(s.detector.add(100 + t));
  // Six speakers, levels 50, 45, 40, 35, 30, 25 (the last one loudest).
  std::map<uint32_t, uint8_t> levels;
  for (uint32_t i = 0; i < 6; ++i) levels[slots[i]] = static_cast<uint8_t>(50 - 5 * i);
  s.run(2000ms, levels, slots);
  EXPECT_EQ(s.detector.dominant_track(), 105u);
  for (uint32_t i = 0; i < 6; ++i) EXPECT_EQ(s.detector.forwarded(slots[i]), i >= 3) << i;
  // Speaker 0 becomes the loudest: it enters the last N, the quietest of the
  // three leaves.
  levels[slots[0]] = 10;
  s.run(2000ms, levels, slots);
  EXPECT_TRUE(s.detector.forwarded(slots[0]));
  EXPECT_FALSE(s.detector.forwarded(slots[3]));
  EXPECT_EQ(s.detector.dominant_track(), 100u);
}

TEST(DominantSpeaker, FewSpeakersAreAllForwardedAndSlotsAreReused) {
  Script s;
  uint32_t a = s.detector.add(1);
  uint32_t b = s.detector.add(2);
  EXPECT_TRUE(s.detector.forwarded(a));
  EXPECT_TRUE(s.detector.forwarded(b));
  s.run(1000ms, {{a, 30}}, {a, b});
  ASSERT_EQ(s.detector.dominant_track(), 1u);
  s.detector.remove(a);
  EXPECT_EQ(s.detector.dominant_track(), DominantSpeaker::kNone);
  uint32_t c = s.detector.add(3);
  EXPECT_EQ(c, a);
  EXPECT_TRUE(s.detector.forwarded(c));
  s.detector.remove(b);
  s.detector.remove(c);
  EXPECT_TRUE(s.detector.empty());
}

}  // namespace
}  // namespace zt::sfu
