// Dominant speaker and audio last-N of one meeting, from the RFC 6464 audio
// levels the publishers' audio packets carry (docs/media-format.md §5b). The
// data plane feeds each level into its speaker's slot (no allocation); once
// per interval evaluate() folds the levels into two smoothed scores per
// speaker, elects the dominant speaker with hysteresis (a challenger must
// lead the current speaker by a margin on both scores for the hold time),
// and marks the loudest `last_n` speakers whose audio is forwarded (a track
// that never sent a level is always forwarded: it cannot be ranked). Slots are
// added and removed by the control plane; a removed slot is reused.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace zt::sfu {

struct SpeakerOptions {
  std::chrono::milliseconds interval{50};  // how often levels are folded in
  std::chrono::milliseconds hold{200};     // a challenger leads this long before it takes over
  double margin = 8.0;                     // lead on the medium score, in dB of loudness
  double immediate_weight = 0.6;           // per interval: the immediate score follows fast
  double medium_weight = 0.15;             // the medium score follows over ~ 300 ms
  uint8_t quiet_level = 70;                // -dBov at or above this (quieter) counts as silence
  size_t last_n = 3;                       // sfu.audio_last_n
};

class DominantSpeaker {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  static constexpr uint32_t kNone = UINT32_MAX;

  explicit DominantSpeaker(SpeakerOptions options) : options_(options) {}

  // Control plane. add() returns the speaker's slot, stable until remove().
  uint32_t add(uint32_t track_id);
  void remove(uint32_t slot);
  bool empty() const { return active_ == 0; }

  // Data plane: one audio packet's level (-dBov, 0..127) for a slot.
  void on_level(uint32_t slot, uint8_t level) {
    Speaker& s = speakers_[slot];
    s.sum += level >= options_.quiet_level ? 0 : 127 - level;
    ++s.count;
    s.measured = true;
  }
  // True when the interval has passed since the last evaluate().
  bool due(TimePoint now) const { return now - evaluated_at_ >= options_.interval; }
  // Folds the interval's levels in; returns true when the dominant speaker changed.
  bool evaluate(TimePoint now);

  // The dominant speaker's track id, or kNone.
  uint32_t dominant_track() const { return dominant_ == kNone ? kNone : speakers_[dominant_].track_id; }
  // Whether a slot is among the last_n loudest (its audio is forwarded).
  bool forwarded(uint32_t slot) const { return speakers_[slot].forwarded; }
  double medium_score(uint32_t slot) const { return speakers_[slot].medium; }

 private:
  struct Speaker {
    uint32_t track_id = 0;
    bool active = false;
    bool forwarded = false;
    bool measured = false;  // sent an audio level; one that never did is always forwarded
    uint32_t sum = 0;    // loudness (127 - level, 0 when quiet) of this interval's packets
    uint32_t count = 0;  // packets this interval
    double immediate = 0;
    double medium = 0;
    uint64_t spoke = 0;  // the interval it last had a non-zero immediate score
  };

  bool leads(const Speaker& challenger, const Speaker& current) const;
  void select_last_n();

  SpeakerOptions options_;
  std::vector<Speaker> speakers_;
  std::vector<uint32_t> free_;
  std::vector<uint32_t> order_;  // scratch for select_last_n(), sized by add()
  size_t active_ = 0;
  uint32_t dominant_ = kNone;
  uint32_t challenger_ = kNone;
  TimePoint challenger_since_{};
  TimePoint evaluated_at_{};
  uint64_t intervals_ = 0;
};

}  // namespace zt::sfu
