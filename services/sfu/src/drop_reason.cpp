#include "drop_reason.h"

namespace zt::sfu {

const char* to_string(DropReason r) {
  switch (r) {
    case DropReason::kUnknownProtocol: return "unknown_protocol";
    case DropReason::kMalformedStun: return "malformed_stun";
    case DropReason::kMalformedRtp: return "malformed_rtp";
    case DropReason::kMalformedRtcp: return "malformed_rtcp";
    case DropReason::kUnknownUsername: return "unknown_username";
    case DropReason::kBadIntegrity: return "bad_integrity";
    case DropReason::kUnboundSource: return "unbound_source";
    case DropReason::kConsentExpired: return "consent_expired";
    case DropReason::kUnconsentedSource: return "unconsented_source";
    case DropReason::kUnknownCheck: return "unknown_check";
    case DropReason::kUnknownSsrc: return "unknown_ssrc";
    case DropReason::kSsrcNotOwned: return "ssrc_not_owned";
    case DropReason::kLayerFiltered: return "layer_filtered";
    case DropReason::kNotLoudest: return "not_loudest";
    case DropReason::kOutputFull: return "output_full";
    case DropReason::kSendFailed: return "send_failed";
    case DropReason::kCount: break;
  }
  return "unknown";
}

const char* to_string(NackRefusal r) {
  switch (r) {
    case NackRefusal::kDuplicate: return "duplicate";
    case NackRefusal::kPerNackCap: return "per_nack_cap";
    case NackRefusal::kBudget: return "budget";
    case NackRefusal::kUnconsentedSource: return "unconsented_source";
    case NackRefusal::kCount: break;
  }
  return "unknown";
}

}  // namespace zt::sfu
