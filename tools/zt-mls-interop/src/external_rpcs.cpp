// External proposals (RFC 9420 section 12.1.8): new-member Add proposals
// and proposals by an external signer listed in external_senders.
#include "mls_client_service.h"
#include "status_mapping.h"
#include "wire_codec.h"
#include "zt/crypto/signature.h"
#include "zt/mls/crypto_labels.h"
#include "zt/mls/message_protection.h"

namespace zt::mls_interop {
namespace {

// Signs `proposal` as `sender` for the epoch of `context`, as a PublicMessage.
std::string external_proposal(const mls::GroupContext& context, mls::Sender sender,
                              mls::Proposal proposal, BytesView signature_private_key) {
  const crypto::SuiteAlgorithms& suite = mls::suite_algorithms(context.cipher_suite);
  mls::FramedContent fc{
      context.group_id, context.epoch, std::move(sender), {}, mls::Content{std::move(proposal)}};
  mls::AuthenticatedContent content = mls::sign_framed_content(
      suite, signature_private_key, mls::WireFormat::kPublicMessage, std::move(fc), context);
  auto pub = mls::protect_public(suite, content, context, {});
  if (!pub) throw mls::ProtocolError(std::string("cannot frame proposal: ") + pub.error().what());
  return to_string(mls::encode(mls::MlsMessage{mls::ProtocolVersion::kMls10, std::move(*pub)}));
}

}  // namespace

Status MlsClientService::NewMemberAddProposal(ServerContext*,
                                              const mls_client::NewMemberAddProposalRequest* req,
                                              mls_client::NewMemberAddProposalResponse* resp) {
  return run_rpc("NewMemberAddProposal", [&] {
    mls::GroupInfo info = decode_group_info(req->group_info());
    Transaction t{new_key_package(info.group_context.cipher_suite, req->identity()), {}};
    resp->set_proposal(external_proposal(
        info.group_context, mls::Sender{mls::NewMemberProposalSender{}},
        mls::Proposal{mls::Add{t.bundle.key_package}}, t.bundle.signature_private_key.reveal()));
    resp->set_init_priv(to_string(t.bundle.init_private_key.reveal()));
    resp->set_encryption_priv(to_string(t.bundle.encryption_private_key.reveal()));
    resp->set_signature_priv(to_string(t.bundle.signature_private_key.reveal()));
    std::lock_guard lock(mu_);
    resp->set_transaction_id(table_.add_transaction(std::move(t)));
  });
}

Status MlsClientService::CreateExternalSigner(ServerContext*,
                                              const mls_client::CreateExternalSignerRequest* req,
                                              mls_client::CreateExternalSignerResponse* resp) {
  return run_rpc("CreateExternalSigner", [&] {
    if (req->cipher_suite() > 0xffff ||
        !crypto::find_suite_algorithms(static_cast<uint16_t>(req->cipher_suite()))) {
      throw InvalidInput("unsupported cipher suite " + std::to_string(req->cipher_suite()));
    }
    auto suite = static_cast<mls::CipherSuite>(req->cipher_suite());
    crypto::SigningKey key = crypto::SigningKey::generate(mls::suite_algorithms(suite).signature);
    mls::ExternalSender sender{key.public_key(),
                               mls::Credential{mls::BasicCredential{to_bytes(req->identity())}}};
    resp->set_external_sender(to_string(mls::encode(sender)));
    std::lock_guard lock(mu_);
    resp->set_signer_id(table_.add_signer({suite, key.raw_private_key()}));
  });
}

Status MlsClientService::AddExternalSigner(ServerContext*,
                                           const mls_client::AddExternalSignerRequest* req,
                                           mls_client::ProposalResponse* resp) {
  return run_rpc("AddExternalSigner", [&] {
    auto sender = decode_field<mls::ExternalSender>(req->external_sender(), "external_sender");
    std::lock_guard lock(mu_);
    GroupState& s = table_.group(req->state_id());
    // The group's extensions with `sender` appended to external_senders.
    mls::Extensions ext = s.group->context().extensions;
    mls::ExternalSenders senders;
    auto it = std::find_if(ext.begin(), ext.end(), [](const mls::Extension& e) {
      return e.extension_type == mls::kExtensionExternalSenders;
    });
    if (it != ext.end()) {
      senders = decode_field<mls::ExternalSenders>(to_string(it->extension_data),
                                                   "external_senders extension");
    }
    senders.push_back(std::move(sender));
    Bytes data = mls::encode(senders);
    if (it != ext.end()) {
      it->extension_data = std::move(data);
    } else {
      ext.push_back({mls::kExtensionExternalSenders, std::move(data)});
    }
    resp->set_proposal(propose(s, mls::Proposal{mls::GroupContextExtensions{std::move(ext)}}));
  });
}

Status MlsClientService::ExternalSignerProposal(
    ServerContext*, const mls_client::ExternalSignerProposalRequest* req,
    mls_client::ProposalResponse* resp) {
  return run_rpc("ExternalSignerProposal", [&] {
    mls::GroupInfo info = decode_group_info(req->group_info());
    mls::Proposal proposal;
    if (req->description().proposal_type() == "remove") {
      // The signer is not a member: the leaf comes from the tree it was given.
      std::optional<mls::RatchetTree> tree = decode_tree(req->ratchet_tree());
      if (!tree) {
        const mls::Extension* e = mls::find_extension(info.extensions, mls::kExtensionRatchetTree);
        if (e == nullptr) throw InvalidInput("remove needs a ratchet tree");
        tree = decode_field<mls::RatchetTree>(to_string(e->extension_data), "ratchet_tree ext");
      }
      auto leaf = find_leaf(*tree, as_bytes(req->description().removed_id()));
      if (!leaf) throw mls::ProtocolError("no member with this identity");
      proposal = mls::Proposal{mls::Remove{*leaf}};
    } else {
      proposal = proposal_from(req->description(), nullptr, info.group_context);
    }
    std::lock_guard lock(mu_);
    ExternalSignerState& signer = table_.signer(req->signer_id());
    if (signer.suite != info.group_context.cipher_suite) {
      throw mls::ProtocolError("signer and group use different cipher suites");
    }
    resp->set_proposal(external_proposal(
        info.group_context, mls::Sender{mls::ExternalSenderIndex{req->signer_index()}},
        std::move(proposal), signer.signature_private_key.reveal()));
  });
}

}  // namespace zt::mls_interop
