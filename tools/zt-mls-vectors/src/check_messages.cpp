// messages: each field decodes as its struct and re-encodes to the same
// bytes; MLSMessage fields also carry the expected wire format / content type.
#include <string>

#include "zt/base/bytes.h"
#include "zt/mls/commit.h"
#include "zt/mls/mls_message.h"
#include "zt/mls/proposal.h"
#include "zt/mls/ratchet_tree.h"
#include "zt/mls/tls_codec.h"
#include "zt/mls/welcome.h"
#include "zt/mls_vectors/registry.h"

namespace zt::mls_vectors {
namespace {

// Decodes field `name` as T, re-encodes, and applies `extra` to the value.
template <class T, class Extra>
std::string round_trip(const nlohmann::json& v, const char* name, Extra extra) {
  Bytes wire = from_hex(v.at(name).get<std::string>());
  auto decoded = mls::decode<T>(wire);
  if (!decoded) return std::string(name) + ": " + decoded.error().to_string();
  if (mls::encode(*decoded) != wire) return std::string(name) + ": re-encoding differs";
  return extra(*decoded);
}

template <class T>
std::string round_trip(const nlohmann::json& v, const char* name) {
  return round_trip<T>(v, name, [](const T&) { return std::string(); });
}

// The MLSMessage holds alternative Alt (and, for public messages, `content`).
template <class Alt>
auto expect_message(const char* name, mls::ContentType content = mls::ContentType::kReserved) {
  return [=](const mls::MlsMessage& m) -> std::string {
    if (m.version != mls::ProtocolVersion::kMls10) return std::string(name) + ": version";
    const Alt* alt = std::get_if<Alt>(&m.message);
    if (alt == nullptr) return std::string(name) + ": wrong wire_format";
    if constexpr (std::is_same_v<Alt, mls::PublicMessage>) {
      if (alt->content.content_type() != content) return std::string(name) + ": content_type";
    }
    return std::string();
  };
}

}  // namespace

VectorResult check_messages(const nlohmann::json& v) {
  using mls::ContentType;
  const std::string errors[] = {
      round_trip<mls::MlsMessage>(v, "mls_welcome", expect_message<mls::Welcome>("mls_welcome")),
      round_trip<mls::MlsMessage>(v, "mls_group_info",
                                  expect_message<mls::GroupInfo>("mls_group_info")),
      round_trip<mls::MlsMessage>(v, "mls_key_package",
                                  expect_message<mls::KeyPackage>("mls_key_package")),
      round_trip<mls::RatchetTree>(v, "ratchet_tree"),
      round_trip<mls::GroupSecrets>(v, "group_secrets"),
      round_trip<mls::Add>(v, "add_proposal"),
      round_trip<mls::Update>(v, "update_proposal"),
      round_trip<mls::Remove>(v, "remove_proposal"),
      round_trip<mls::PreSharedKey>(v, "pre_shared_key_proposal"),
      round_trip<mls::ReInit>(v, "re_init_proposal"),
      round_trip<mls::ExternalInit>(v, "external_init_proposal"),
      round_trip<mls::GroupContextExtensions>(v, "group_context_extensions_proposal"),
      round_trip<mls::Commit>(v, "commit"),
      round_trip<mls::MlsMessage>(v, "public_message_application",
                                  expect_message<mls::PublicMessage>("public_message_application",
                                                                     ContentType::kApplication)),
      round_trip<mls::MlsMessage>(
          v, "public_message_proposal",
          expect_message<mls::PublicMessage>("public_message_proposal", ContentType::kProposal)),
      round_trip<mls::MlsMessage>(
          v, "public_message_commit",
          expect_message<mls::PublicMessage>("public_message_commit", ContentType::kCommit)),
      round_trip<mls::MlsMessage>(v, "private_message",
                                  expect_message<mls::PrivateMessage>("private_message")),
  };
  std::string detail;
  for (const std::string& e : errors) {
    if (e.empty()) continue;
    if (!detail.empty()) detail += "; ";
    detail += e;
  }
  return detail.empty() ? VectorResult::pass() : VectorResult::fail(detail);
}

}  // namespace zt::mls_vectors
