// Name, suites, group creation and joining, and the per-state queries
// (GroupInfo, StateAuth, Export, Protect, Unprotect, StorePSK, Free).
#include "mls_client_service.h"
#include "status_mapping.h"
#include "wire_codec.h"
#include "zt/crypto/cipher_suite.h"

namespace zt::mls_interop {
namespace {

mls::GroupOptions options_for(bool encrypt_handshake) {
  mls::GroupOptions o;
  o.handshake_wire_format =
      encrypt_handshake ? mls::WireFormat::kPrivateMessage : mls::WireFormat::kPublicMessage;
  return o;
}

std::string encode_message(const mls::MlsMessage& m) { return to_string(mls::encode(m)); }

}  // namespace

Status MlsClientService::Name(ServerContext*, const mls_client::NameRequest*,
                              mls_client::NameResponse* resp) {
  resp->set_name("zt");
  return Status::OK;
}

Status MlsClientService::SupportedCiphersuites(ServerContext*,
                                               const mls_client::SupportedCiphersuitesRequest*,
                                               mls_client::SupportedCiphersuitesResponse* resp) {
  for (const crypto::SuiteAlgorithms& s : crypto::mls_suite_algorithms()) {
    resp->add_ciphersuites(static_cast<uint32_t>(s.id));
  }
  return Status::OK;
}

Status MlsClientService::CreateGroup(ServerContext*, const mls_client::CreateGroupRequest* req,
                                     mls_client::CreateGroupResponse* resp) {
  return run_rpc("CreateGroup", [&] {
    mls::KeyPackageBundle me = new_key_package(req->cipher_suite(), req->identity());
    GroupState s;
    s.options = options_for(req->encrypt_handshake());
    s.group = std::make_unique<mls::Group>(
        mls::Group::create(to_bytes(req->group_id()), me, {}, s.options));
    std::lock_guard lock(mu_);
    resp->set_state_id(table_.add_group(std::move(s)));
  });
}

Status MlsClientService::CreateKeyPackage(ServerContext*,
                                          const mls_client::CreateKeyPackageRequest* req,
                                          mls_client::CreateKeyPackageResponse* resp) {
  return run_rpc("CreateKeyPackage", [&] {
    Transaction t{new_key_package(req->cipher_suite(), req->identity()), {}};
    resp->set_key_package(
        encode_message(mls::MlsMessage{mls::ProtocolVersion::kMls10, t.bundle.key_package}));
    // The harness API hands the private keys back (test keys only).
    resp->set_init_priv(to_string(t.bundle.init_private_key.reveal()));
    resp->set_encryption_priv(to_string(t.bundle.encryption_private_key.reveal()));
    resp->set_signature_priv(to_string(t.bundle.signature_private_key.reveal()));
    std::lock_guard lock(mu_);
    resp->set_transaction_id(table_.add_transaction(std::move(t)));
  });
}

Status MlsClientService::JoinGroup(ServerContext*, const mls_client::JoinGroupRequest* req,
                                   mls_client::JoinGroupResponse* resp) {
  return run_rpc("JoinGroup", [&] {
    auto welcome = decode_field<mls::MlsMessage>(req->welcome(), "welcome");
    auto tree = decode_tree(req->ratchet_tree());
    std::lock_guard lock(mu_);
    Transaction& t = table_.transaction(req->transaction_id());
    mls::GroupOptions options = options_for(req->encrypt_handshake());
    keep_joined(table_, mls::Group::join(welcome, t.bundle, tree, options, t.psks), options, resp);
  });
}

Status MlsClientService::ExternalJoin(ServerContext*, const mls_client::ExternalJoinRequest* req,
                                      mls_client::ExternalJoinResponse* resp) {
  return run_rpc("ExternalJoin", [&] {
    auto msg = decode_field<mls::MlsMessage>(req->group_info(), "group_info");
    const auto* info = std::get_if<mls::GroupInfo>(&msg.message);
    if (info == nullptr) throw InvalidInput("group_info: MLSMessage does not carry a GroupInfo");
    auto tree = decode_tree(req->ratchet_tree());
    std::optional<uint32_t> prior;
    if (req->remove_prior()) {
      std::optional<mls::RatchetTree> known = tree;
      if (!known) {
        const mls::Extension* e = mls::find_extension(info->extensions, mls::kExtensionRatchetTree);
        if (e == nullptr) throw InvalidInput("remove_prior needs a ratchet tree");
        known = decode_field<mls::RatchetTree>(to_string(e->extension_data), "ratchet_tree ext");
      }
      prior = find_leaf(*known, as_bytes(req->identity()));
      if (!prior) throw mls::ProtocolError("remove_prior: no leaf with this identity");
    }
    mls::KeyPackageBundle me = new_key_package(info->group_context.cipher_suite, req->identity());
    GroupState s;
    s.options = options_for(req->encrypt_handshake());
    mls::ExternalJoinParams params{std::move(tree), s.options, prior, {}};
    for (const auto& psk : req->psks()) {
      params.psks.push_back(
          {to_bytes(psk.psk_id()), crypto::SecretBytes(as_bytes(psk.psk_secret()))});
    }
    mls::Group::ExternalJoin joined = mls::Group::join_external(msg, me, std::move(params));
    resp->set_commit(encode_message(joined.commit));
    resp->set_epoch_authenticator(to_string(joined.group.epoch_authenticator()));
    s.group = std::make_unique<mls::Group>(std::move(joined.group));
    std::lock_guard lock(mu_);
    resp->set_state_id(table_.add_group(std::move(s)));
  });
}

Status MlsClientService::GroupInfo(ServerContext*, const mls_client::GroupInfoRequest* req,
                                   mls_client::GroupInfoResponse* resp) {
  return run_rpc("GroupInfo", [&] {
    std::lock_guard lock(mu_);
    const mls::Group& g = *table_.group(req->state_id()).group;
    resp->set_group_info(encode_message(g.group_info(!req->external_tree())));
    if (req->external_tree()) resp->set_ratchet_tree(to_string(mls::encode(g.tree().to_wire())));
  });
}

Status MlsClientService::StateAuth(ServerContext*, const mls_client::StateAuthRequest* req,
                                   mls_client::StateAuthResponse* resp) {
  return run_rpc("StateAuth", [&] {
    std::lock_guard lock(mu_);
    resp->set_state_auth_secret(
        to_string(table_.group(req->state_id()).group->epoch_authenticator()));
  });
}

Status MlsClientService::Export(ServerContext*, const mls_client::ExportRequest* req,
                                mls_client::ExportResponse* resp) {
  return run_rpc("Export", [&] {
    if (req->key_length() > 0xffff) throw InvalidInput("key_length is not a uint16");
    std::lock_guard lock(mu_);
    const mls::Group& g = *table_.group(req->state_id()).group;
    crypto::SecretBytes secret =
        g.export_secret(req->label(), as_bytes(req->context()), req->key_length());
    resp->set_exported_secret(to_string(secret.reveal()));
  });
}

Status MlsClientService::Protect(ServerContext*, const mls_client::ProtectRequest* req,
                                 mls_client::ProtectResponse* resp) {
  return run_rpc("Protect", [&] {
    std::lock_guard lock(mu_);
    mls::Group& g = *table_.group(req->state_id()).group;
    resp->set_ciphertext(
        encode_message(g.protect(as_bytes(req->plaintext()), as_bytes(req->authenticated_data()))));
  });
}

Status MlsClientService::Unprotect(ServerContext*, const mls_client::UnprotectRequest* req,
                                   mls_client::UnprotectResponse* resp) {
  return run_rpc("Unprotect", [&] {
    auto msg = decode_field<mls::MlsMessage>(req->ciphertext(), "ciphertext");
    // Application data is always a PrivateMessage; refuse anything else
    // before it could be applied as a handshake.
    if (msg.wire_format() != mls::WireFormat::kPrivateMessage) {
      throw mls::ProtocolError("ciphertext is not a PrivateMessage");
    }
    std::lock_guard lock(mu_);
    mls::Group& g = *table_.group(req->state_id()).group;
    mls::Received r = g.handle(msg);
    auto* app = std::get_if<mls::ReceivedApplication>(&r);
    if (app == nullptr) throw mls::ProtocolError("ciphertext is not an application message");
    resp->set_plaintext(to_string(app->data));
    resp->set_authenticated_data(to_string(app->authenticated_data));
  });
}

Status MlsClientService::StorePSK(ServerContext*, const mls_client::StorePSKRequest* req,
                                  mls_client::StorePSKResponse*) {
  return run_rpc("StorePSK", [&] {
    std::lock_guard lock(mu_);
    uint32_t id = req->state_or_transaction_id();
    crypto::SecretBytes secret(as_bytes(req->psk_secret()));
    if (table_.has_transaction(id)) {
      table_.transaction(id).psks.push_back({to_bytes(req->psk_id()), std::move(secret)});
      return;
    }
    table_.group(id).group->add_external_psk(to_bytes(req->psk_id()), std::move(secret));
  });
}

Status MlsClientService::Free(ServerContext*, const mls_client::FreeRequest* req,
                              mls_client::FreeResponse*) {
  return run_rpc("Free", [&] {
    std::lock_guard lock(mu_);
    if (!table_.free(req->state_id())) {
      throw UnknownId("unknown state id " + std::to_string(req->state_id()));
    }
  });
}

size_t MlsClientService::group_count() {
  std::lock_guard lock(mu_);
  return table_.group_count();
}

}  // namespace zt::mls_interop
