// What a meeting's MLS application messages carry: a small typed envelope,
// TLS-encoded (RFC 9420 presentation language, zt/mls/tls_codec.h):
//   struct {
//     ContentKind kind;      // uint8
//     uint64 sent_at_ms;     // the sender's clock
//     opaque name<V>;        // file: its name; remote control: the event; else empty
//     opaque body<V>;        // chat: UTF-8 text; file: the bytes; whiteboard
//                            // stroke / annotation: a JSON object
//   } Envelope;
// Every field is checked on the way in and on the way out (UTF-8, JSON,
// sizes): what the CLI prints or stores was validated first.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "zt/base/bytes.h"
#include "zt/mls/tls_codec.h"

namespace zt::client {

enum class ContentKind : uint8_t {
  kChat = 1,
  kFile = 2,
  kWhiteboardStroke = 3,
  kAnnotation = 4,
  kRemoteControl = 5,
};
inline bool tls_enum_valid(ContentKind k) {
  return static_cast<uint8_t>(k) >= 1 && static_cast<uint8_t>(k) <= 5;
}
std::string_view to_string(ContentKind kind);  // "chat", "file", "whiteboard", "annotate", "remote-control"

inline constexpr size_t kMaxTextBytes = 64 * 1024;
inline constexpr size_t kMaxFileBytes = 768 * 1024;  // the DS takes messages up to 1 MiB
inline constexpr size_t kMaxNameBytes = 255;

struct Envelope {
  ContentKind kind = ContentKind::kChat;
  uint64_t sent_at_ms = 0;
  Bytes name;
  Bytes body;
  ZT_TLS_FIELDS(kind, sent_at_ms, name, body)
};


// Throws ClientError(kUsage) naming the field that is not acceptable.
void check_envelope(const Envelope& e);
// Decodes and checks; throws ClientError(kProtocol) (a member sent garbage).
Envelope decode_envelope(BytesView data);

}  // namespace zt::client
