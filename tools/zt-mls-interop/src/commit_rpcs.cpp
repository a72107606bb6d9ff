// Commits: creating one (with the harness's proposals by reference and by
// value), handling one, merging the pending one, and the ReInit variants.
#include "mls_client_service.h"
#include "status_mapping.h"
#include "wire_codec.h"

namespace zt::mls_interop {
namespace {

// Handles a proposal the harness forwards, unless this member sent it.
void handle_proposal(GroupState& s, const std::string& data) {
  if (s.own_proposals.count(data) != 0) return;
  auto msg = decode_field<mls::MlsMessage>(data, "proposal");
  mls::Received r = s.group->handle(msg);
  auto* p = std::get_if<mls::ReceivedProposal>(&r);
  if (p == nullptr) throw mls::ProtocolError("proposal message does not carry a proposal");
  if (const auto* ri = std::get_if<mls::ReInit>(&p->proposal.value)) s.reinit = *ri;
}

// ReInit proposals sent by value in a PublicMessage commit.
void note_reinit(GroupState& s, const mls::MlsMessage& commit) {
  const auto* pub = std::get_if<mls::PublicMessage>(&commit.message);
  if (pub == nullptr) return;
  const auto* c = std::get_if<mls::Commit>(&pub->content.content);
  if (c == nullptr) return;
  for (const mls::ProposalOrRef& p : c->proposals) {
    const auto* value = std::get_if<mls::Proposal>(&p.value);
    if (value == nullptr) continue;
    if (const auto* ri = std::get_if<mls::ReInit>(&value->value)) s.reinit = *ri;
  }
}

void new_epoch(GroupState& s) { s.own_proposals.clear(); }

}  // namespace

void MlsClientService::commit(const mls_client::CommitRequest& req,
                              mls_client::CommitResponse* resp) {
  GroupState& s = table_.group(req.state_id());
  for (const std::string& p : req.by_reference()) handle_proposal(s, p);
  mls::CommitOptions options;
  for (const auto& d : req.by_value()) {
    options.proposals.push_back(proposal_from(d, s.group.get(), s.group->cipher_suite()));
    if (const auto* ri = std::get_if<mls::ReInit>(&options.proposals.back().value)) s.reinit = *ri;
  }
  options.force_path = req.force_path();
  options.inline_tree = !req.external_tree();
  mls::CommitResult r = s.group->commit(std::move(options));
  resp->set_commit(to_string(mls::encode(r.commit)));
  if (r.welcome) resp->set_welcome(to_string(mls::encode(*r.welcome)));
  if (req.external_tree()) {
    // The tree of the new epoch exists only after the merge; the harness
    // always follows with HandlePendingCommit, which then has nothing to do.
    s.group->merge_pending_commit();
    s.merged_early = true;
    resp->set_ratchet_tree(to_string(mls::encode(s.group->tree().to_wire())));
  }
}

mls::AppliedCommit MlsClientService::handle_commit(GroupState& s,
                                                   const mls_client::HandleCommitRequest& req) {
  for (const std::string& p : req.proposal()) handle_proposal(s, p);
  auto msg = decode_field<mls::MlsMessage>(req.commit(), "commit");
  note_reinit(s, msg);
  mls::Received r = s.group->handle(msg);
  auto* applied = std::get_if<mls::AppliedCommit>(&r);
  if (applied == nullptr) throw mls::ProtocolError("commit message does not carry a commit");
  new_epoch(s);
  return *applied;
}

void MlsClientService::merge_pending(GroupState& s) {
  if (s.merged_early) {
    s.merged_early = false;
  } else {
    s.group->merge_pending_commit();
  }
  new_epoch(s);
}

Status MlsClientService::Commit(ServerContext*, const mls_client::CommitRequest* req,
                                mls_client::CommitResponse* resp) {
  return run_rpc("Commit", [&] {
    std::lock_guard lock(mu_);
    commit(*req, resp);
  });
}

Status MlsClientService::HandleCommit(ServerContext*, const mls_client::HandleCommitRequest* req,
                                      mls_client::HandleCommitResponse* resp) {
  return run_rpc("HandleCommit", [&] {
    std::lock_guard lock(mu_);
    GroupState& s = table_.group(req->state_id());
    handle_commit(s, *req);
    resp->set_state_id(req->state_id());
    resp->set_epoch_authenticator(to_string(s.group->epoch_authenticator()));
  });
}

Status MlsClientService::HandlePendingCommit(ServerContext*,
                                             const mls_client::HandlePendingCommitRequest* req,
                                             mls_client::HandleCommitResponse* resp) {
  return run_rpc("HandlePendingCommit", [&] {
    std::lock_guard lock(mu_);
    GroupState& s = table_.group(req->state_id());
    if (!s.merged_early && !s.group->has_pending_commit()) {
      throw mls::ProtocolError("no pending commit");
    }
    merge_pending(s);
    resp->set_state_id(req->state_id());
    resp->set_epoch_authenticator(to_string(s.group->epoch_authenticator()));
  });
}

// ---- ReInit (RFC 9420 section 11.2) ----

Status MlsClientService::ReInitCommit(ServerContext*, const mls_client::CommitRequest* req,
                                      mls_client::CommitResponse* resp) {
  return run_rpc("ReInitCommit", [&] {
    std::lock_guard lock(mu_);
    commit(*req, resp);
  });
}

void MlsClientService::reinit_response(uint32_t state_id,
                                       mls_client::HandleReInitCommitResponse* resp) {
  GroupState& s = table_.group(state_id);
  if (!s.reinit) throw mls::ProtocolError("the commit carried no ReInit proposal");
  ReInitState r;
  r.reinit = *s.reinit;
  // The new KeyPackage keeps this member's identity.
  auto leaf = s.group->tree().to_wire().at(2 * size_t{s.group->own_leaf()});
  const auto& node = std::get<mls::LeafNode>(leaf->value);
  const auto* basic = std::get_if<mls::BasicCredential>(&node.credential.value);
  std::string identity = basic != nullptr ? to_string(basic->identity) : std::string();
  r.bundle = new_key_package(r.reinit.cipher_suite, identity);
  resp->set_key_package(
      to_string(mls::encode(mls::MlsMessage{mls::ProtocolVersion::kMls10, r.bundle.key_package})));
  resp->set_epoch_authenticator(to_string(s.group->epoch_authenticator()));
  r.old_group = std::move(s.group);
  table_.free(state_id);
  resp->set_reinit_id(table_.add_reinit(std::move(r)));
}

Status MlsClientService::HandlePendingReInitCommit(
    ServerContext*, const mls_client::HandlePendingCommitRequest* req,
    mls_client::HandleReInitCommitResponse* resp) {
  return run_rpc("HandlePendingReInitCommit", [&] {
    std::lock_guard lock(mu_);
    GroupState& s = table_.group(req->state_id());
    if (!s.merged_early && !s.group->has_pending_commit()) {
      throw mls::ProtocolError("no pending commit");
    }
    merge_pending(s);
    reinit_response(req->state_id(), resp);
  });
}

Status MlsClientService::HandleReInitCommit(ServerContext*,
                                            const mls_client::HandleCommitRequest* req,
                                            mls_client::HandleReInitCommitResponse* resp) {
  return run_rpc("HandleReInitCommit", [&] {
    std::lock_guard lock(mu_);
    GroupState& s = table_.group(req->state_id());
    mls::AppliedCommit applied = handle_commit(s, *req);
    if (!applied.reinit) throw mls::ProtocolError("the commit is not a ReInit commit");
    reinit_response(req->state_id(), resp);
  });
}

namespace {
constexpr const char* kNoCrossGroupPsk =
    "zt::mls::Group cannot create or join a group with a resumption PSK of another group "
    "(Group::create takes no PSKs; commits and Welcomes resolve resumption PSKs only within "
    "their own group)";
}  // namespace

Status MlsClientService::ReInitWelcome(ServerContext*, const mls_client::ReInitWelcomeRequest*,
                                       mls_client::CreateSubgroupResponse*) {
  return run_rpc("ReInitWelcome", [] { throw Unsupported(kNoCrossGroupPsk); });
}

Status MlsClientService::HandleReInitWelcome(ServerContext*,
                                             const mls_client::HandleReInitWelcomeRequest*,
                                             mls_client::JoinGroupResponse*) {
  return run_rpc("HandleReInitWelcome", [] { throw Unsupported(kNoCrossGroupPsk); });
}

Status MlsClientService::CreateBranch(ServerContext*, const mls_client::CreateBranchRequest*,
                                      mls_client::CreateSubgroupResponse*) {
  return run_rpc("CreateBranch", [] { throw Unsupported(kNoCrossGroupPsk); });
}

Status MlsClientService::HandleBranch(ServerContext*, const mls_client::HandleBranchRequest*,
                                      mls_client::HandleBranchResponse*) {
  return run_rpc("HandleBranch", [] { throw Unsupported(kNoCrossGroupPsk); });
}

}  // namespace zt::mls_interop
