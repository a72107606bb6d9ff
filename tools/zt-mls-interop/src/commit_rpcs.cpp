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
  if (!std::holds_alternative<mls::ReceivedProposal>(r))
    throw mls::ProtocolError("proposal message does not carry a proposal");
}

void new_epoch(GroupState& s) { s.own_proposals.clear(); }

}  // namespace

void MlsClientService::commit(const mls_client::CommitRequest& req,
                              mls_client::CommitResponse* resp) {
  GroupState& s = table_.group(req.state_id());
  for (const std::string& p : req.by_reference()) handle_proposal(s, p);
  mls::CommitOptions options;
  for (const auto& d : req.by_value()) {
    options.proposals.push_back(proposal_from(d, s.group.get(), s.group->context()));
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
  if (!s.group->reinit()) throw mls::ProtocolError("the commit carried no ReInit proposal");
  ReInitState r;
  r.reinit = *s.group->reinit();
  r.options = s.options;
  // The new KeyPackage keeps this member's identity.
  r.bundle = new_key_package(r.reinit.cipher_suite, own_identity(*s.group));
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

}  // namespace zt::mls_interop
