#include "zt/client/envelope.h"

#include <nlohmann/json.hpp>

#include "zt/base/utf8.h"
#include "zt/client/client_error.h"

namespace zt::client {
namespace {

void require(bool ok, const std::string& what) {
  if (!ok) throw ClientError::usage(what);
}

bool is_json_object(BytesView body) {
  auto j = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
  return j.is_object();
}

}  // namespace

std::string_view to_string(ContentKind kind) {
  switch (kind) {
    case ContentKind::kChat: return "chat";
    case ContentKind::kFile: return "file";
    case ContentKind::kWhiteboardStroke: return "whiteboard";
    case ContentKind::kAnnotation: return "annotate";
    case ContentKind::kRemoteControl: return "remote-control";
  }
  return "unknown";
}

void check_envelope(const Envelope& e) {
  require(e.name.size() <= kMaxNameBytes && is_clean_utf8(e.name),
          "name: at most 255 bytes of UTF-8 without NUL");
  switch (e.kind) {
    case ContentKind::kChat:
      require(!e.body.empty() && e.body.size() <= kMaxTextBytes && is_clean_utf8(e.body),
              "chat text: 1..65536 bytes of UTF-8 without NUL");
      require(e.name.empty(), "chat: no name");
      break;
    case ContentKind::kFile:
      require(!e.name.empty(), "file: a name is required");
      require(std::string_view(reinterpret_cast<const char*>(e.name.data()), e.name.size())
                      .find('/') == std::string_view::npos,
              "file: the name must not contain '/'");
      require(e.body.size() <= kMaxFileBytes, "file: at most 786432 bytes");
      break;
    case ContentKind::kWhiteboardStroke:
    case ContentKind::kAnnotation:
      require(e.body.size() <= kMaxTextBytes && is_clean_utf8(e.body) && is_json_object(e.body),
              std::string(to_string(e.kind)) + ": a JSON object of at most 65536 bytes");
      break;
    case ContentKind::kRemoteControl:
      require(!e.name.empty() && e.body.empty(), "remote-control: one event name, no body");
      break;
  }
}

Envelope decode_envelope(BytesView data) {
  auto e = mls::decode<Envelope>(data);
  if (!e) throw ClientError::protocol("a member sent an envelope that does not decode: " + e.error().to_string());
  try {
    check_envelope(*e);
  } catch (const ClientError& bad) {
    throw ClientError::protocol(std::string("a member sent a bad envelope: ") + bad.what());
  }
  return std::move(*e);
}

}  // namespace zt::client
