// login, enroll, keypackages publish.
#include <ctime>
#include <fstream>
#include <iterator>

#include "command.h"
#include "zt/base/number.h"
#include "zt/client/client_error.h"
#include "zt/client/device.h"

namespace zt::client::cli {
namespace {

std::string read_text(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ClientError::usage("cannot read " + what + " " + path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

crypto::SecretBytes read_secret(const std::string& path) {
  std::string text = read_text(path, "--client-secret-file");
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  crypto::SecretBytes secret(as_bytes(text));
  std::fill(text.begin(), text.end(), '\0');
  return secret;
}

Output login(const Invocation& in) {
  Profile profile = Profile::open(in.profile_dir, true);
  LoginParams p{in.args.required("controlhub"), in.args.option("delivery").value_or(""),
                in.args.required("client-id"), read_secret(in.args.required("client-secret-file"))};
  LoginResult r = Device::login(profile, p);
  Output out;
  out.json = {{"org_id", r.org_id}, {"device_id", r.device_id}, {"user_id", r.user_id},
              {"expires_at", r.expires_at}};
  std::time_t until = static_cast<std::time_t>(r.expires_at);
  char when[32] = "?";
  if (std::tm tm{}; ::gmtime_r(&until, &tm)) std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
  out.text = "logged in as device " + r.device_id + " of org " + r.org_id + " (token valid until " + when + ")\n";
  return out;
}

Output enroll(const Invocation& in) {
  Profile profile = Profile::open(in.profile_dir);
  Device device(profile);
  EnrollParams p;
  if (in.args.flag("basic")) {
    p.kind = CredentialKind::kBasic;
  } else if (in.args.option("external-cert")) {
    p.kind = CredentialKind::kExternal;
    p.external_cert_pem = read_text(in.args.required("external-cert"), "--external-cert");
    p.external_key_pem = read_text(in.args.required("external-key"), "--external-key");
  }
  EnrollResult r = device.enroll(p);
  Output out;
  out.json = {{"credential", r.credential}, {"identity", r.identity}};
  if (r.credential == "x509") {
    out.json["subject"] = r.subject;
    out.json["serial"] = r.serial;
    out.json["not_after"] = r.not_after;
    out.text = "enrolled " + r.identity + " with certificate " + r.subject + " (serial " + r.serial + ")\n";
  } else {
    out.text = "enrolled " + r.identity + " with a basic credential (unverified)\n";
  }
  return out;
}

Output publish(const Invocation& in) {
  Profile profile = Profile::open(in.profile_dir);
  Device device(profile);
  uint32_t count = 5;
  if (auto c = in.args.option("count")) {
    std::optional<int64_t> n = zt::parse_int(*c);
    if (!n || *n < 0 || *n > 1000000) throw ClientError::usage("--count must be a number");
    count = static_cast<uint32_t>(*n);
  }
  PublishResult r = device.publish_key_packages(count);
  Output out;
  out.json = {{"published", r.published}, {"available", r.available}};
  out.text = "published " + std::to_string(r.published) + " KeyPackages (one last-resort); " +
             std::to_string(r.available) + " can be claimed\n";
  return out;
}

}  // namespace

void add_account_commands(CommandTable& t) {
  t["login"] = login;
  t["enroll"] = enroll;
  t["keypackages publish"] = publish;
}

}  // namespace zt::client::cli
