// Member proposals: Add, Update, Remove, external and resumption PSKs,
// GroupContextExtensions, ReInit, and the harness's ProposalDescription.
#include "mls_client_service.h"
#include "status_mapping.h"
#include "wire_codec.h"
#include "zt/mls/crypto_labels.h"

namespace zt::mls_interop {
namespace {

Bytes psk_nonce(mls::CipherSuite suite) {
  return crypto::SystemRandom::instance().bytes(mls::suite_algorithms(suite).nh);
}

uint32_t leaf_of(const mls::Group& g, const std::string& identity) {
  auto leaf = find_leaf(g.tree().to_wire(), as_bytes(identity));
  if (!leaf) throw mls::ProtocolError("no member with this identity");
  return *leaf;
}

}  // namespace

mls::Proposal MlsClientService::proposal_from(const mls_client::ProposalDescription& d,
                                              const mls::Group* g,
                                              const mls::GroupContext& context) {
  const std::string& type = d.proposal_type();
  const mls::CipherSuite suite = context.cipher_suite;
  if (type == "add") return mls::Proposal{mls::Add{decode_key_package(d.key_package())}};
  if (type == "remove") {
    if (g == nullptr) throw Unsupported("remove by an external signer needs the member's leaf");
    return mls::Proposal{mls::Remove{leaf_of(*g, d.removed_id())}};
  }
  if (type == "externalPSK") {
    return mls::Proposal{
        mls::PreSharedKey{{mls::ExternalPsk{to_bytes(d.psk_id())}, psk_nonce(suite)}}};
  }
  if (type == "resumptionPSK") {
    return mls::Proposal{mls::PreSharedKey{
        {mls::ResumptionPsk{mls::ResumptionPskUsage::kApplication, context.group_id, d.epoch_id()},
         psk_nonce(suite)}}};
  }
  if (type == "groupContextExtensions") {
    return mls::Proposal{mls::GroupContextExtensions{to_extensions(d.extensions())}};
  }
  if (type == "reinit") {
    if (d.cipher_suite() > 0xffff) throw InvalidInput("cipher_suite is not a uint16");
    return mls::Proposal{mls::ReInit{to_bytes(d.group_id()), mls::ProtocolVersion::kMls10,
                                     static_cast<mls::CipherSuite>(d.cipher_suite()),
                                     to_extensions(d.extensions())}};
  }
  throw InvalidInput("unknown proposal_type '" + type + "'");
}

std::string MlsClientService::propose(GroupState& s, mls::Proposal p) {
  std::string encoded = to_string(mls::encode(s.group->propose(std::move(p))));
  s.own_proposals.insert(encoded);
  return encoded;
}

Status MlsClientService::AddProposal(ServerContext*, const mls_client::AddProposalRequest* req,
                                     mls_client::ProposalResponse* resp) {
  return run_rpc("AddProposal", [&] {
    mls::KeyPackage kp = decode_key_package(req->key_package());
    std::lock_guard lock(mu_);
    GroupState& s = table_.group(req->state_id());
    resp->set_proposal(propose(s, mls::Proposal{mls::Add{std::move(kp)}}));
  });
}

Status MlsClientService::UpdateProposal(ServerContext*,
                                        const mls_client::UpdateProposalRequest* req,
                                        mls_client::ProposalResponse* resp) {
  return run_rpc("UpdateProposal", [&] {
    std::lock_guard lock(mu_);
    GroupState& s = table_.group(req->state_id());
    std::string encoded = to_string(mls::encode(s.group->propose_update()));
    s.own_proposals.insert(encoded);
    resp->set_proposal(encoded);
  });
}

Status MlsClientService::RemoveProposal(ServerContext*,
                                        const mls_client::RemoveProposalRequest* req,
                                        mls_client::ProposalResponse* resp) {
  return run_rpc("RemoveProposal", [&] {
    std::lock_guard lock(mu_);
    GroupState& s = table_.group(req->state_id());
    uint32_t leaf = leaf_of(*s.group, req->removed_id());
    resp->set_proposal(propose(s, mls::Proposal{mls::Remove{leaf}}));
  });
}

Status MlsClientService::ExternalPSKProposal(ServerContext*,
                                             const mls_client::ExternalPSKProposalRequest* req,
                                             mls_client::ProposalResponse* resp) {
  return run_rpc("ExternalPSKProposal", [&] {
    std::lock_guard lock(mu_);
    GroupState& s = table_.group(req->state_id());
    mls_client::ProposalDescription d;
    d.set_proposal_type("externalPSK");
    d.set_psk_id(req->psk_id());
    resp->set_proposal(propose(s, proposal_from(d, s.group.get(), s.group->context())));
  });
}

Status MlsClientService::ResumptionPSKProposal(ServerContext*,
                                               const mls_client::ResumptionPSKProposalRequest* req,
                                               mls_client::ProposalResponse* resp) {
  return run_rpc("ResumptionPSKProposal", [&] {
    std::lock_guard lock(mu_);
    GroupState& s = table_.group(req->state_id());
    mls_client::ProposalDescription d;
    d.set_proposal_type("resumptionPSK");
    d.set_epoch_id(req->epoch_id());
    resp->set_proposal(propose(s, proposal_from(d, s.group.get(), s.group->context())));
  });
}

Status MlsClientService::GroupContextExtensionsProposal(
    ServerContext*, const mls_client::GroupContextExtensionsProposalRequest* req,
    mls_client::ProposalResponse* resp) {
  return run_rpc("GroupContextExtensionsProposal", [&] {
    mls::Extensions ext = to_extensions(req->extensions());
    std::lock_guard lock(mu_);
    GroupState& s = table_.group(req->state_id());
    resp->set_proposal(propose(s, mls::Proposal{mls::GroupContextExtensions{std::move(ext)}}));
  });
}

Status MlsClientService::ReInitProposal(ServerContext*,
                                        const mls_client::ReInitProposalRequest* req,
                                        mls_client::ProposalResponse* resp) {
  return run_rpc("ReInitProposal", [&] {
    mls_client::ProposalDescription d;
    d.set_proposal_type("reinit");
    d.set_group_id(req->group_id());
    d.set_cipher_suite(req->cipher_suite());
    *d.mutable_extensions() = req->extensions();
    std::lock_guard lock(mu_);
    GroupState& s = table_.group(req->state_id());
    resp->set_proposal(propose(s, proposal_from(d, s.group.get(), s.group->context())));
  });
}

}  // namespace zt::mls_interop
