#include <array>
#include <utility>

#include "zt/client/meeting.h"

namespace zt::client {

std::optional<dsv1::Feature> feature_of(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, dsv1::Feature>, 16> kNames{{
      {"network-recording", dsv1::FEATURE_NETWORK_RECORDING},
      {"local-recording", dsv1::FEATURE_LOCAL_RECORDING},
      {"transcoding", dsv1::FEATURE_TRANSCODING},
      {"ai-assistant", dsv1::FEATURE_AI_ASSISTANT},
      {"closed-captions", dsv1::FEATURE_CLOSED_CAPTIONS},
      {"transcription", dsv1::FEATURE_TRANSCRIPTION},
      {"pstn-dial-in", dsv1::FEATURE_PSTN_DIAL_IN},
      {"pstn-dial-out", dsv1::FEATURE_PSTN_DIAL_OUT},
      {"sip-device", dsv1::FEATURE_SIP_DEVICE},
      {"cloud-chat-history", dsv1::FEATURE_CLOUD_CHAT_HISTORY},
      {"cloud-files", dsv1::FEATURE_CLOUD_FILES},
      {"cloud-whiteboards", dsv1::FEATURE_CLOUD_WHITEBOARDS},
      {"cloud-annotations", dsv1::FEATURE_CLOUD_ANNOTATIONS},
      {"cloud-session-data", dsv1::FEATURE_CLOUD_SESSION_DATA},
      {"cloud-transcripts", dsv1::FEATURE_CLOUD_TRANSCRIPTS},
      {"cloud-meeting-notes", dsv1::FEATURE_CLOUD_MEETING_NOTES},
  }};
  for (const auto& [n, f] : kNames)
    if (n == name) return f;
  return std::nullopt;
}

}  // namespace zt::client
