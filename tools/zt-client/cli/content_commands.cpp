// meeting chat send | file send | whiteboard stroke | annotate |
// remote-control | messages: application content as typed envelopes.
#include <filesystem>
#include <fstream>
#include <iterator>

#include "command.h"
#include "zt/client/client_error.h"
#include "zt/client/meeting.h"
#include "zt/crypto/hash.h"

namespace zt::client::cli {
namespace {

std::string text_of(const Bytes& b) { return std::string(b.begin(), b.end()); }

Output send(const Invocation& in, Envelope e) {
  Profile profile = Profile::open(in.profile_dir);
  Device device(profile);
  Meeting m = Meeting::current(device);
  m.sync();  // send in the newest epoch we can reach
  std::string kind(to_string(e.kind));
  uint64_t seq = m.send(std::move(e));
  std::string text = "sent " + kind;
  text += " as message #";
  text += std::to_string(seq);
  text += " (epoch ";
  text += std::to_string(m.epoch());
  text += ")\n";
  return {{{"kind", kind}, {"sequence", seq}, {"epoch", m.epoch()}}, text};
}

Envelope with_body(ContentKind kind, const std::string& body) {
  Envelope e;
  e.kind = kind;
  e.body = Bytes(body.begin(), body.end());
  return e;
}

Output send_file(const Invocation& in) {
  const std::string& path = in.args.word(0, "the file path");
  std::ifstream f(path, std::ios::binary);
  if (!f) throw ClientError::usage("cannot read " + path);
  Envelope e;
  e.kind = ContentKind::kFile;
  std::string name = std::filesystem::path(path).filename().string();
  e.name = Bytes(name.begin(), name.end());
  e.body = Bytes(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  return send(in, std::move(e));
}

nlohmann::json message_json(const StoredMessage& s, const Envelope& e, std::string& line) {
  nlohmann::json j{{"sequence", s.sequence}, {"epoch", s.epoch}, {"sender", text_of(s.sender)},
                   {"kind", std::string(to_string(e.kind))}, {"sent_at_ms", e.sent_at_ms}};
  line.assign(1, '#');
  line += std::to_string(s.sequence);
  line += ' ';
  line += text_of(s.sender);
  line += " [";
  line += to_string(e.kind);
  line += "] ";
  switch (e.kind) {
    case ContentKind::kChat:
      j["text"] = text_of(e.body);
      line += text_of(e.body);
      break;
    case ContentKind::kFile:
      j["name"] = text_of(e.name);
      j["size"] = e.body.size();
      j["sha256"] = to_hex(crypto::hash(crypto::HashAlgorithm::kSha256, e.body));
      line += text_of(e.name) + " (" + std::to_string(e.body.size()) + " bytes)";
      break;
    case ContentKind::kWhiteboardStroke:
    case ContentKind::kAnnotation:
      j["data"] = nlohmann::json::parse(e.body.begin(), e.body.end());
      line += text_of(e.body);
      break;
    case ContentKind::kRemoteControl:
      j["event"] = text_of(e.name);
      line += text_of(e.name);
      break;
  }
  return j;
}

Output messages(const Invocation& in) {
  Profile profile = Profile::open(in.profile_dir);
  Device device(profile);
  auto state = profile.load_meeting();
  if (!state) throw ClientError::usage("this profile is in no meeting");
  Output out;
  out.json["messages"] = nlohmann::json::array();
  for (const StoredMessage& s : state->messages) {
    std::string line;
    out.json["messages"].push_back(message_json(s, decode_envelope(s.envelope), line));
    out.text += line + "\n";
  }
  return out;
}

}  // namespace

void add_content_commands(CommandTable& t) {
  t["meeting chat send"] = [](const Invocation& in) {
    return send(in, with_body(ContentKind::kChat, in.args.word(0, "the chat text")));
  };
  t["meeting file send"] = send_file;
  t["meeting whiteboard stroke"] = [](const Invocation& in) {
    return send(in, with_body(ContentKind::kWhiteboardStroke, in.args.word(0, "the stroke JSON")));
  };
  t["meeting annotate"] = [](const Invocation& in) {
    return send(in, with_body(ContentKind::kAnnotation, in.args.word(0, "the annotation JSON")));
  };
  t["meeting remote-control"] = [](const Invocation& in) {
    Envelope e;
    e.kind = ContentKind::kRemoteControl;
    const std::string& event = in.args.word(0, "the event");
    e.name = Bytes(event.begin(), event.end());
    return send(in, std::move(e));
  };
  t["meeting messages"] = messages;
}

}  // namespace zt::client::cli
