// meeting create | join | add | remove | sync | roster | security |
// request-feature | leave.
#include <fstream>
#include <iterator>

#include "command.h"
#include "zt/base/number.h"
#include "zt/client/client_error.h"
#include "zt/client/meeting.h"
#include "zt/crypto/random.h"

namespace zt::client::cli {
namespace {

uint64_t number_of(const std::string& word, const std::string& what) {
  std::optional<int64_t> n = word.find_first_not_of("0123456789") == std::string::npos
                                 ? zt::parse_int(word)
                                 : std::nullopt;
  if (!n) throw ClientError::usage(what + " must be a number (got \"" + word + "\")");
  return static_cast<uint64_t>(*n);
}

std::string unix_time(std::chrono::system_clock::time_point t) {
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count());
}

nlohmann::json meeting_json(const Meeting& m) {
  return {{"meeting_number", m.meeting_number()}, {"type", m.e2ee() ? "e2ee" : "standard"},
          {"epoch", m.epoch()}};
}

Output create(const Invocation& in) {
  std::string type = in.args.required("type");
  if (type != "e2ee" && type != "standard") throw ClientError::usage("--type is e2ee or standard");
  Profile profile = Profile::open(in.profile_dir);
  Device device(profile);
  Meeting m = Meeting::create(device, type == "e2ee" ? dsv1::MEETING_TYPE_E2EE : dsv1::MEETING_TYPE_STANDARD,
                              in.args.flag("personal-room"));
  Output out{meeting_json(m), "created " + type + " meeting " + std::to_string(m.meeting_number()) + "\n"};
  return out;
}

Output join(const Invocation& in) {
  JoinParams p;
  p.meeting_number = number_of(in.args.word(0, "the meeting number"), "the meeting number");
  if (in.args.flag("external") && in.args.flag("batched"))
    throw ClientError::usage("--external and --batched exclude each other");
  if (in.args.flag("external")) p.mode = JoinMode::kExternal;
  if (in.args.flag("batched")) p.mode = JoinMode::kBatched;
  if (auto w = in.args.option("wait")) p.wait = std::chrono::seconds(number_of(*w, "--wait"));
  if (auto f = in.args.option("welcome-file")) {
    std::ifstream file(*f, std::ios::binary);
    if (!file) throw ClientError::usage("cannot read --welcome-file " + *f);
    p.welcome = Bytes(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  }
  Profile profile = Profile::open(in.profile_dir);
  Device device(profile);
  Meeting m = Meeting::join(device, p);
  SyncResult s = m.sync();
  Output out{meeting_json(m), "joined meeting " + std::to_string(m.meeting_number()) + " at epoch " +
                                  std::to_string(s.epoch) + "\n"};
  return out;
}

Output add_or_remove(const Invocation& in, bool add) {
  const std::string& device_id = in.args.word(0, "the device id");
  Profile profile = Profile::open(in.profile_dir);
  Device device(profile);
  Meeting m = Meeting::current(device);
  AddResult r = add ? m.add(device_id) : m.remove(device_id);
  if (auto path = in.args.option("welcome-out"); path && add) {
    std::ofstream f(*path, std::ios::binary);
    f.write(reinterpret_cast<const char*>(r.welcome.data()), static_cast<std::streamsize>(r.welcome.size()));
    if (!f) throw ClientError::usage("cannot write --welcome-out " + *path);
  }
  Output out;
  out.json = {{"device_id", device_id}, {"sequence", r.sequence}, {"epoch", r.epoch}};
  out.text = std::string(add ? "added " : "removed ") + device_id + ": the meeting is at epoch " +
             std::to_string(r.epoch) + "\n";
  return out;
}

Output sync(const Invocation& in) {
  Profile profile = Profile::open(in.profile_dir);
  Device device(profile);
  Meeting m = Meeting::current(device);
  SyncResult r = m.sync();
  Output out;
  out.json = {{"processed", r.processed}, {"commits", r.commits},     {"proposals", r.proposals},
              {"messages", r.messages},   {"rejected", r.rejected},   {"rejections", r.rejections},
              {"epoch", r.epoch},         {"removed", r.removed},     {"committed_pending", r.committed_pending},
              {"last_sequence", r.last_sequence}};
  out.text = "synced " + std::to_string(r.processed) + " entries: " + std::to_string(r.commits) + " commits, " +
             std::to_string(r.messages) + " messages, " + std::to_string(r.rejected) + " rejected; " +
             (r.removed ? std::string("this device was removed\n") : "epoch " + std::to_string(r.epoch) + "\n");
  if (r.committed_pending) out.text += "  committed the pending proposals (joins, leaves)\n";
  for (const auto& why : r.rejections) out.text += "  rejected " + why + "\n";
  return out;
}

Output roster(const Invocation& in) {
  Profile profile = Profile::open(in.profile_dir);
  Device device(profile);
  Meeting m = Meeting::current(device);
  Output out;
  out.json["members"] = nlohmann::json::array();
  for (const MemberView& v : m.roster()) {
    nlohmann::json j{{"leaf", v.leaf}, {"identity", v.identity},
                     {"status", std::string(mls::to_string(v.status))}, {"self", v.self}};
    out.text += std::to_string(v.leaf) + "  " + v.identity + "  " + std::string(mls::to_string(v.status)) +
                (v.self ? "  (this device)" : "") + "\n";
    if (in.args.flag("certs") && v.certificate) {
      const auto& c = *v.certificate;
      j["certificate"] = {{"subject", c.subject},  {"issuer", c.issuer},
                          {"serial", c.serial_hex}, {"not_before", unix_time(c.not_before)},
                          {"not_after", unix_time(c.not_after)}, {"uri_sans", c.uri_sans}};
      out.text += "     subject " + c.subject + "\n     issuer  " + c.issuer + "\n     serial  " +
                  c.serial_hex + "\n";
    }
    out.json["members"].push_back(std::move(j));
  }
  return out;
}

Output security(const Invocation& in) {
  Profile profile = Profile::open(in.profile_dir);
  Device device(profile);
  Meeting m = Meeting::current(device);
  SecurityView s = m.security();
  Output out;
  out.json = {{"e2ee", s.e2ee}, {"epoch", s.epoch}, {"members", s.members}, {"security_code", s.code}};
  out.text = std::string("E2EE: ") + (s.e2ee ? "on" : "off") + "\nepoch: " + std::to_string(s.epoch) +
             "\nmembers: " + std::to_string(s.members) + "\nsecurity code: " + s.code + "\n";
  return out;
}

Output request_feature(const Invocation& in) {
  const std::string& name = in.args.word(0, "the feature name");
  auto feature = feature_of(name);
  if (!feature) throw ClientError::usage("unknown feature " + name + " (e.g. network-recording, transcription)");
  Profile profile = Profile::open(in.profile_dir);
  Device device(profile);
  Meeting m = Meeting::current(device);
  bool allowed = m.request_feature(*feature);
  return {{{"feature", name}, {"allowed", allowed}}, name + (allowed ? ": allowed\n" : ": not allowed\n")};
}

Output leave(const Invocation& in) {
  Profile profile = Profile::open(in.profile_dir);
  Device device(profile);
  Meeting m = Meeting::current(device);
  uint64_t number = m.meeting_number();
  m.leave();
  return {{{"meeting_number", number}, {"left", true}},
          "left meeting " + std::to_string(number) + " (a remaining member commits the removal)\n"};
}

}  // namespace

void add_meeting_commands(CommandTable& t) {
  t["meeting create"] = create;
  t["meeting join"] = join;
  t["meeting add"] = [](const Invocation& in) { return add_or_remove(in, true); };
  t["meeting remove"] = [](const Invocation& in) { return add_or_remove(in, false); };
  t["meeting sync"] = sync;
  t["meeting roster"] = roster;
  t["meeting security"] = security;
  t["meeting request-feature"] = request_feature;
  t["meeting leave"] = leave;
}

}  // namespace zt::client::cli
