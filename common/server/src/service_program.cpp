#include "service_program.h"

#include <array>
#include <utility>

namespace zt::server {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kSummaries{{
    {"controlhub",
     "Control Hub: orgs, users, devices, admin roles, org settings (calling E2EE, default meeting "
     "type), the "
     "org CA that issues device certificates, bearer tokens and the audit log; the REST admin API "
     "and admin "
     "page, and org policy over gRPC for the other services."},
    {"kms",
     "the Key Management Service of standard-mode E2EE: content keys bound to resources with an "
     "authorization "
     "list, wrapped under a master key, and audited compliance access."},
    {"delivery",
     "the MLS Delivery Service: KeyPackages, one MLS group per E2EE meeting or call, strict "
     "per-group commit "
     "order, fan-out, Welcome routing, GroupInfo for external joins and SFU media grants."},
    {"sfu",
     "the media relay: forwards opaque SFrame RTP by SSRC and header extensions (gRPC join / "
     "publish / "
     "subscribe, UDP media); never holds an SFrame key."},
    {"calling",
     "call control and the media-security state machine that moves a call from SRTP to E2EE and "
     "back."},
    {"echo", "the Echo test service on the zt chassis (tests only)."},
}};

constexpr std::string_view kNotes =
    "Serves gRPC (grpc.health.v1, reflection) and Prometheus /metrics until SIGTERM or SIGINT, "
    "then drains.\n"
    "Exit status: 0 after a clean drain, 1 if start-up failed, 2 on a configuration error.";

}  // namespace

config::Program service_program(std::string_view service, std::string_view binary,
                                const config::Schema& schema) {
  std::string summary = "a zt service on the common chassis.";
  for (const auto& [name, text] : kSummaries) {
    if (name == service) summary = text;
  }
  return config::Program::without_subcommands(std::string(binary), summary, schema,
                                              std::string(kNotes));
}

}  // namespace zt::server
