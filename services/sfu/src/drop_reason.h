// Why the data plane dropped a packet, and the counters it keeps. Counters
// are plain relaxed atomics (no allocation, no locks on the packet path);
// the metrics exporter reads them at scrape time.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

namespace zt::sfu {

enum class DropReason : uint8_t {
  kUnknownProtocol,   // first byte outside the RFC 7983 ranges
  kMalformedStun,
  kMalformedRtp,
  kMalformedRtcp,
  kUnknownUsername,   // STUN for a ufrag we never issued
  kBadIntegrity,      // wrong or missing MESSAGE-INTEGRITY
  kUnboundSource,     // RTP/RTCP from an address no binding request bound
  kConsentExpired,
  kUnconsentedSource, // RTP/RTCP from an address whose consent check has not succeeded
  kUnknownCheck,      // a binding response that answers no consent check of ours
  kUnknownSsrc,
  kSsrcNotOwned,      // an SSRC published by another transport
  kLayerFiltered,     // not the layer a subscriber receives (expected)
  kNotLoudest,        // audio of a speaker outside the meeting's audio last-N (expected)
  kOutputFull,
  kSendFailed,        // socket buffer full or send error for one destination
  kCount,
};

const char* to_string(DropReason r);

// Why a NACKed sequence number was not resent. Each is counted once per
// sequence number a NACK asks for.
enum class NackRefusal : uint8_t {
  kDuplicate,          // asked for twice in one NACK
  kPerNackCap,         // beyond the distinct packets one NACK may ask for
  kBudget,             // the subscriber's resend budget (bytes per second) is spent
  kUnconsentedSource,  // the NACK came from an address without consent
  kCount,
};

const char* to_string(NackRefusal r);

struct DataPlaneCounters {
  std::atomic<uint64_t> packets_in{0};
  std::atomic<uint64_t> bytes_in{0};
  std::atomic<uint64_t> packets_out{0};
  std::atomic<uint64_t> bytes_out{0};
  std::atomic<uint64_t> stun_bindings{0};
  std::atomic<uint64_t> nacks_answered{0};
  std::atomic<uint64_t> nack_bytes_resent{0};
  std::atomic<uint64_t> consents_established{0};
  std::atomic<uint64_t> bad_audio_levels{0};     // RFC 6464 elements of a wrong length (ignored)
  std::atomic<uint64_t> dominant_speaker_changes{0};
  std::array<std::atomic<uint64_t>, static_cast<size_t>(DropReason::kCount)> drops{};
  std::array<std::atomic<uint64_t>, static_cast<size_t>(NackRefusal::kCount)> nack_refusals{};

  void drop(DropReason r, uint64_t n = 1) { drops[static_cast<size_t>(r)].fetch_add(n, std::memory_order_relaxed); }
  uint64_t dropped(DropReason r) const { return drops[static_cast<size_t>(r)].load(std::memory_order_relaxed); }
  void refuse(NackRefusal r, uint64_t n = 1) {
    nack_refusals[static_cast<size_t>(r)].fetch_add(n, std::memory_order_relaxed);
  }
  uint64_t refused(NackRefusal r) const {
    return nack_refusals[static_cast<size_t>(r)].load(std::memory_order_relaxed);
  }
};

}  // namespace zt::sfu
