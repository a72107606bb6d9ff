// Every zt-client command as a zt::config::Program: its name as the user
// types it ("meeting create"), what it does and its flags. The parser, the
// help, --help-json and the usage errors all come from here.
#include "command.h"

namespace zt::client::cli {
namespace {

using config::Key;
using config::Type;

Key text(std::string name, std::string description, bool required = false) {
  return {std::move(name), Type::kString, "", std::move(description), false, required, false};
}
Key word(std::string name, std::string description) {
  return {std::move(name), Type::kString, "", std::move(description), false, true, true};
}
Key yes_no(std::string name, std::string description) {
  return {std::move(name), Type::kBool, "false", std::move(description)};
}

config::Command command(std::string name, std::string summary, std::vector<Key> keys,
                        std::string details = "") {
  config::Schema schema("ZT_CLIENT_");
  schema.add(text("profile", "the device's profile directory (login creates it)"));
  schema.add(yes_no("json", "print one JSON object instead of lines for people (a flag: --json)"));
  for (Key& k : keys) schema.add(std::move(k));
  return {std::move(name), std::move(summary), std::move(schema), std::move(details)};
}

config::Program make_program() {
  config::Program p{
      "zt-client",
      "the reference zt client: logs a device in, enrolls it, and creates, joins and uses "
      "E2EE meetings over the Delivery Service, one command per invocation (state in --profile)",
      {},
      "Flags that take no value (--json, --basic, --personal-room, --external, --batched, --certs) "
      "may be given as --name or --name=true.\n"
      "Exit status: 0 ok; 2 a usage error, or a refusal by a service (its status and reason on "
      "one line); 1 anything else."};
  auto& c = p.commands;
  c.push_back(command("login", "logs the device in to the Control Hub (client credentials)",
                      {text("controlhub", "the Control Hub's URL", true),
                       text("delivery", "the Delivery Service's HOST:PORT"),
                       text("client-id", "the device's client id", true),
                       text("client-secret-file", "file holding the device's client secret", true)}));
  c.push_back(command("enroll", "gets the device's MLS credential: a certificate from the org CA "
                                "(default), an external one, or a basic credential",
                      {yes_no("basic", "a basic (unverified) credential"),
                       text("external-cert", "PEM certificate from an external CA"),
                       text("external-key", "PEM private key of --external-cert")}));
  c.push_back(command("keypackages publish", "publishes KeyPackages (one last-resort) so others can add this device",
                      {{"count", Type::kInt, "5", "how many KeyPackages"}}));
  c.push_back(command("meeting create", "creates a meeting and joins it as its first member",
                      {text("type", "e2ee or standard", true),
                       yes_no("personal-room", "the meeting is this user's personal room")}));
  c.push_back(command("meeting join", "joins a meeting: by its Welcome, by external commit or batched",
                      {word("number", "the meeting number"),
                       yes_no("external", "join by external commit"),
                       yes_no("batched", "ask to be added by a member and wait for the Welcome"),
                       text("wait", "seconds to wait for the Welcome"),
                       text("welcome-file", "file holding the Welcome")}));
  c.push_back(command("meeting add", "adds a device (claims its KeyPackage, commits, sends the Welcome)",
                      {word("device-id", "the device to add"),
                       text("welcome-out", "also write the Welcome to this file")}));
  c.push_back(command("meeting remove", "removes a device from the meeting",
                      {word("device-id", "the device to remove")}));
  c.push_back(command("meeting sync", "processes the meeting's log: commits, proposals, messages", {}));
  c.push_back(command("meeting roster", "lists the members and their verification status",
                      {yes_no("certs", "also show each member's certificate")}));
  c.push_back(command("meeting security", "shows E2EE, the epoch, the members and the security code", {}));
  c.push_back(command("meeting messages", "lists the messages received", {}));
  c.push_back(command("meeting leave", "leaves the meeting (a remaining member commits the removal)", {}));
  c.push_back(command("meeting chat send", "sends a chat message", {word("text", "the chat text")}));
  c.push_back(command("meeting file send", "sends a file", {word("path", "the file to send")}));
  c.push_back(command("meeting whiteboard stroke", "sends a whiteboard stroke",
                      {word("stroke", "the stroke as JSON")}));
  c.push_back(command("meeting annotate", "sends an annotation",
                      {word("annotation", "the annotation as JSON")}));
  c.push_back(command("meeting remote-control", "sends a remote-control event",
                      {word("event", "the event")}));
  c.push_back(command("meeting request-feature", "asks whether a feature is allowed in the meeting",
                      {word("feature", "e.g. network-recording, transcription")}));
  c.push_back(command("shell", "runs one command per line of standard input (`exit` ends)", {}));
  return p;
}

}  // namespace

const config::Program& program_description() {
  static const config::Program program = make_program();
  return program;
}

}  // namespace zt::client::cli
