// Router types <-> zt.sfu.v1 messages.
#pragma once

#include "router.h"
#include "zt/sfu/v1/sfu.pb.h"

namespace zt::sfu {

inline TrackKind from_proto(v1::TrackKind k) {
  return k == v1::TRACK_KIND_VIDEO ? TrackKind::kVideo : TrackKind::kAudio;
}

inline void to_proto(const TrackInfo& t, v1::Track& out) {
  out.set_track_id(t.track_id);
  out.set_kind(t.kind == TrackKind::kVideo ? v1::TRACK_KIND_VIDEO : v1::TRACK_KIND_AUDIO);
  for (uint32_t ssrc : t.layer_ssrcs) out.add_layer_ssrcs(ssrc);
  out.set_device_id(t.publisher_device);
  out.set_leaf_index(t.publisher_leaf);
}

}  // namespace zt::sfu
