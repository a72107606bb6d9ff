#include "dominant_speaker.h"

#include <algorithm>

namespace zt::sfu {

uint32_t DominantSpeaker::add(uint32_t track_id) {
  uint32_t slot;
  if (!free_.empty()) {
    slot = free_.back();
    free_.pop_back();
  } else {
    slot = static_cast<uint32_t>(speakers_.size());
    speakers_.emplace_back();
    order_.reserve(speakers_.size());
  }
  speakers_[slot] = Speaker{};
  speakers_[slot].track_id = track_id;
  speakers_[slot].active = true;
  ++active_;
  select_last_n();  // a new speaker is heard while fewer than last_n speak
  return slot;
}

void DominantSpeaker::remove(uint32_t slot) {
  if (slot >= speakers_.size() || !speakers_[slot].active) return;
  speakers_[slot] = Speaker{};
  free_.push_back(slot);
  --active_;
  if (dominant_ == slot) dominant_ = kNone;
  if (challenger_ == slot) challenger_ = kNone;
  select_last_n();
}

// A challenger leads when it spoke in this interval, its medium score exceeds
// the current speaker's by the margin and it is louder right now (so the
// tail of a finished burst, still high in the medium score, does not count:
// a cough shorter than the hold time never takes over).
bool DominantSpeaker::leads(const Speaker& c, const Speaker& cur) const {
  return c.spoke == intervals_ && c.medium > cur.medium + options_.margin && c.immediate > cur.immediate;
}

bool DominantSpeaker::evaluate(TimePoint now) {
  // Keep the cadence (packets arrive every 20 ms, not on interval
  // boundaries) without catching up after a gap.
  evaluated_at_ = std::max(evaluated_at_ + options_.interval, now - options_.interval);
  ++intervals_;
  uint32_t best = kNone;
  for (uint32_t i = 0; i < speakers_.size(); ++i) {
    Speaker& s = speakers_[i];
    if (!s.active) continue;
    double loudness = s.count ? static_cast<double>(s.sum) / s.count : 0.0;
    s.sum = 0;
    s.count = 0;
    s.immediate += (loudness - s.immediate) * options_.immediate_weight;
    s.medium += (loudness - s.medium) * options_.medium_weight;
    if (loudness > 0) s.spoke = intervals_;
    if (i != dominant_ && (best == kNone || s.medium > speakers_[best].medium)) best = i;
  }
  select_last_n();

  static const Speaker kSilent{};
  const Speaker& current = dominant_ == kNone ? kSilent : speakers_[dominant_];
  if (best == kNone || !leads(speakers_[best], current)) {
    challenger_ = kNone;
    return false;
  }
  if (challenger_ != best) {
    challenger_ = best;
    challenger_since_ = now;
  }
  if (now - challenger_since_ < options_.hold) return false;
  dominant_ = best;
  challenger_ = kNone;
  return true;
}

// The last_n speakers with the highest medium score are forwarded; ties (and
// silence) go to whoever spoke most recently, then to the dominant speaker.
// With last_n or fewer speakers every one is forwarded.
void DominantSpeaker::select_last_n() {
  order_.clear();
  for (uint32_t i = 0; i < speakers_.size(); ++i) {
    speakers_[i].forwarded = speakers_[i].active && !speakers_[i].measured;
    if (speakers_[i].active && speakers_[i].measured) order_.push_back(i);
  }
  size_t n = std::min(options_.last_n, order_.size());
  auto rank = [this](uint32_t a, uint32_t b) {
    const Speaker& x = speakers_[a];
    const Speaker& y = speakers_[b];
    if (x.medium != y.medium) return x.medium > y.medium;
    if (x.spoke != y.spoke) return x.spoke > y.spoke;
    if ((a == dominant_) != (b == dominant_)) return a == dominant_;
    return a < b;
  };
  std::partial_sort(order_.begin(), order_.begin() + static_cast<std::ptrdiff_t>(n), order_.end(), rank);
  for (size_t k = 0; k < n; ++k) speakers_[order_[k]].forwarded = true;
  if (dominant_ != kNone) speakers_[dominant_].forwarded = true;  // the dominant speaker is always heard
}

}  // namespace zt::sfu
