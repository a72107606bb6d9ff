// message-protection: the vector's PublicMessage / PrivateMessage forms of a
// proposal, a commit and application data unprotect to the raw values, and
// our own protection of those values round-trips (sender leaf 1 of 2).
#include <string>

#include "zt/base/bytes.h"
#include "zt/mls/message_protection.h"
#include "zt/mls/mls_message.h"
#include "zt/mls_vectors/registry.h"

namespace zt::mls_vectors {
namespace {

constexpr uint32_t kSenderLeaf = 1;
constexpr uint32_t kLeafCount = 2;

Bytes hex_at(const nlohmann::json& v, const char* key) {
  return from_hex(v.at(key).get<std::string>());
}

struct Fixture {
  const crypto::SuiteAlgorithms& suite;
  mls::GroupContext context;
  Bytes signature_priv;
  Bytes signature_pub;
  Bytes encryption_secret;
  Bytes sender_data_secret;
  Bytes membership_key;

  mls::SignerKeyLookup signer() const {
    return [pub = signature_pub](const mls::Sender& s) -> std::optional<mls::SignaturePublicKey> {
      const auto* m = std::get_if<mls::MemberSender>(&s.value);
      if (m == nullptr || m->leaf_index != kSenderLeaf) return std::nullopt;
      return pub;
    };
  }
  mls::SecretTree tree() const { return mls::SecretTree(suite, encryption_secret, kLeafCount); }

  mls::AuthenticatedContent sign(mls::WireFormat wf, mls::Content content) const {
    mls::FramedContent fc{context.group_id,
                          context.epoch,
                          mls::Sender{mls::MemberSender{kSenderLeaf}},
                          {},
                          std::move(content)};
    auto out = mls::sign_framed_content(suite, signature_priv, wf, std::move(fc), context);
    if (out.content.content_type() == mls::ContentType::kCommit)
      out.auth.confirmation_tag = Bytes(suite.nh, 0x5a);
    return out;
  }
};

template <class Alt>
Expected<Alt, std::string> message_at(const nlohmann::json& v, const char* key) {
  auto m = mls::decode<mls::MlsMessage>(hex_at(v, key));
  if (!m) return unexpected(std::string(key) + ": " + m.error().to_string());
  const Alt* alt = std::get_if<Alt>(&m->message);
  if (alt == nullptr) return unexpected(std::string(key) + ": wrong wire format");
  return *alt;
}

std::string check_public(const Fixture& f, const nlohmann::json& v, const char* key,
                         const mls::Content& raw) {
  auto pub = message_at<mls::PublicMessage>(v, key);
  if (!pub) return pub.error();
  auto opened = mls::unprotect_public(f.suite, *pub, f.context, f.membership_key, f.signer());
  if (!opened) return std::string(key) + ": " + std::string(mls::to_string(opened.error().code()));
  if (opened->content.content != raw) return std::string(key) + ": content differs";
  auto ours = mls::protect_public(f.suite, f.sign(mls::WireFormat::kPublicMessage, raw), f.context,
                                  f.membership_key);
  if (!ours)
    return std::string(key) + " (ours): " + std::string(mls::to_string(ours.error().code()));
  auto reopened = mls::unprotect_public(f.suite, *ours, f.context, f.membership_key, f.signer());
  if (!reopened || reopened->content.content != raw)
    return std::string(key) + ": own PublicMessage does not verify";
  return {};
}

std::string check_private(const Fixture& f, const nlohmann::json& v, const char* key,
                          const mls::Content& raw) {
  auto priv = message_at<mls::PrivateMessage>(v, key);
  if (!priv) return priv.error();
  mls::SecretTree receiver = f.tree();
  auto opened =
      mls::unprotect_private(f.suite, *priv, f.context, receiver, f.sender_data_secret, f.signer());
  if (!opened) return std::string(key) + ": " + std::string(mls::to_string(opened.error().code()));
  if (opened->content.content != raw) return std::string(key) + ": content differs";

  mls::SecretTree sender = f.tree();
  auto ours = mls::protect_private(f.suite, f.sign(mls::WireFormat::kPrivateMessage, raw), sender,
                                   f.sender_data_secret, {.padding = 7});
  if (!ours)
    return std::string(key) + " (ours): " + std::string(mls::to_string(ours.error().code()));
  mls::SecretTree receiver2 = f.tree();
  auto reopened = mls::unprotect_private(f.suite, *ours, f.context, receiver2, f.sender_data_secret,
                                         f.signer());
  if (!reopened || reopened->content.content != raw)
    return std::string(key) + ": own PrivateMessage does not open";
  return {};
}

}  // namespace

VectorResult check_message_protection(const nlohmann::json& v) {
  const auto suite_id = v.at("cipher_suite").get<uint16_t>();
  Fixture f{mls::suite_algorithms(suite_id), {},
            hex_at(v, "signature_priv"),     hex_at(v, "signature_pub"),
            hex_at(v, "encryption_secret"),  hex_at(v, "sender_data_secret"),
            hex_at(v, "membership_key")};
  f.context.cipher_suite = suite_id;
  f.context.group_id = hex_at(v, "group_id");
  f.context.epoch = v.at("epoch").get<uint64_t>();
  f.context.tree_hash = hex_at(v, "tree_hash");
  f.context.confirmed_transcript_hash = hex_at(v, "confirmed_transcript_hash");

  auto proposal = mls::decode<mls::Proposal>(hex_at(v, "proposal"));
  if (!proposal) return VectorResult::fail("proposal: " + proposal.error().to_string());
  auto commit = mls::decode<mls::Commit>(hex_at(v, "commit"));
  if (!commit) return VectorResult::fail("commit: " + commit.error().to_string());
  const mls::Content proposal_content = *proposal;
  const mls::Content commit_content = *commit;
  const mls::Content application = mls::ApplicationData{hex_at(v, "application")};

  for (std::string failed : {check_public(f, v, "proposal_pub", proposal_content),
                             check_private(f, v, "proposal_priv", proposal_content),
                             check_public(f, v, "commit_pub", commit_content),
                             check_private(f, v, "commit_priv", commit_content),
                             check_private(f, v, "application_priv", application)}) {
    if (!failed.empty()) return VectorResult::fail(failed);
  }
  auto app_public = mls::protect_public(
      f.suite, f.sign(mls::WireFormat::kPublicMessage, application), f.context, f.membership_key);
  if (app_public || app_public.error().code() != mls::MessageErrorCode::kApplicationAsPublic) {
    return VectorResult::fail("application data protected as a PublicMessage");
  }
  return VectorResult::pass();
}

}  // namespace zt::mls_vectors
