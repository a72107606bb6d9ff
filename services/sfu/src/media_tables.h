// The SFU's in-memory state: transports (one per joined device), tracks
// (what a transport publishes, one SSRC per simulcast layer) and
// subscriptions (a track forwarded to a transport).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dominant_speaker.h"
#include "endpoint.h"
#include "receive_stats.h"
#include "retransmit_buffer.h"
#include "subscriber_stream.h"
#include "zt/stun/integrity.h"

namespace zt::sfu {

using SteadyTime = std::chrono::steady_clock::time_point;

enum class TrackKind : uint8_t { kAudio, kVideo };

struct Subscription;

// A consent check in flight (RFC 7675): a binding request the SFU sent to an
// address a valid binding request came from, not yet answered from there.
// Media goes to an address only once such a check has been answered.
struct PendingConsent {
  bool active = false;
  Endpoint address;
  stun::TransactionId transaction_id{};
  SteadyTime sent_at;
};

// What a subscriber may still be resent (NACKs), in bytes: a token bucket
// refilled at RouterOptions::nack_bytes_per_second up to nack_burst_bytes.
struct ResendBudget {
  uint64_t tokens = 0;
  SteadyTime refilled_at;
};

struct Transport {
  uint32_t id = 0;
  std::string meeting;
  std::string device;
  uint32_t leaf_index = 0;
  std::string ufrag;
  std::unique_ptr<stun::IntegrityKey> key;
  bool bound = false;  // `address` has consent: media and RTCP go there, RTCP is accepted from there
  Endpoint address;
  SteadyTime last_consent;  // Join time until the first consent
  Endpoint join_address;    // the Join's gRPC peer (port 0), or unset
  PendingConsent pending;
  ResendBudget resend_budget;
  std::optional<uint8_t> subscribe_all_max_layer;  // set by Subscribe(all)
  std::vector<uint32_t> tracks;                    // published track ids
  std::vector<Subscription*> subscriptions;        // what it receives
};

struct Layer {
  uint32_t ssrc = 0;
  std::unique_ptr<RetransmitBuffer> rtx;
  ReceiveStats stats;
  SteadyTime last_key_frame_request;
  uint8_t fir_sequence = 0;
};

struct Track {
  uint32_t id = 0;
  std::string meeting;
  Transport* publisher = nullptr;
  TrackKind kind = TrackKind::kAudio;
  uint32_t clock_rate = 48000;
  std::vector<Layer> layers;
  std::vector<Subscription*> subscribers;
  DominantSpeaker* speakers = nullptr;  // audio: the meeting's detector
  uint32_t speaker_slot = 0;
};

struct Subscription {
  Track* track = nullptr;
  Transport* subscriber = nullptr;
  SubscriberStream stream;
};

}  // namespace zt::sfu
