// The MLS interop harness service (mls_client.MLSClient, 34 RPCs) over the
// zt::mls group state machine. One mutex serializes all RPCs: the harness
// drives clients step by step, and the state table is shared.
#pragma once

#include <mutex>

#include "mls_client.grpc.pb.h"
#include "state_table.h"

namespace zt::mls_interop {

using grpc::ServerContext;
using grpc::Status;

class MlsClientService final : public mls_client::MLSClient::Service {
 public:
  Status Name(ServerContext*, const mls_client::NameRequest*, mls_client::NameResponse*) override;
  Status SupportedCiphersuites(ServerContext*, const mls_client::SupportedCiphersuitesRequest*,
                               mls_client::SupportedCiphersuitesResponse*) override;

  Status CreateGroup(ServerContext*, const mls_client::CreateGroupRequest*,
                     mls_client::CreateGroupResponse*) override;
  Status CreateKeyPackage(ServerContext*, const mls_client::CreateKeyPackageRequest*,
                          mls_client::CreateKeyPackageResponse*) override;
  Status JoinGroup(ServerContext*, const mls_client::JoinGroupRequest*,
                   mls_client::JoinGroupResponse*) override;
  Status ExternalJoin(ServerContext*, const mls_client::ExternalJoinRequest*,
                      mls_client::ExternalJoinResponse*) override;

  Status GroupInfo(ServerContext*, const mls_client::GroupInfoRequest*,
                   mls_client::GroupInfoResponse*) override;
  Status StateAuth(ServerContext*, const mls_client::StateAuthRequest*,
                   mls_client::StateAuthResponse*) override;
  Status Export(ServerContext*, const mls_client::ExportRequest*,
                mls_client::ExportResponse*) override;
  Status Protect(ServerContext*, const mls_client::ProtectRequest*,
                 mls_client::ProtectResponse*) override;
  Status Unprotect(ServerContext*, const mls_client::UnprotectRequest*,
                   mls_client::UnprotectResponse*) override;
  Status StorePSK(ServerContext*, const mls_client::StorePSKRequest*,
                  mls_client::StorePSKResponse*) override;

  Status AddProposal(ServerContext*, const mls_client::AddProposalRequest*,
                     mls_client::ProposalResponse*) override;
  Status UpdateProposal(ServerContext*, const mls_client::UpdateProposalRequest*,
                        mls_client::ProposalResponse*) override;
  Status RemoveProposal(ServerContext*, const mls_client::RemoveProposalRequest*,
                        mls_client::ProposalResponse*) override;
  Status ExternalPSKProposal(ServerContext*, const mls_client::ExternalPSKProposalRequest*,
                             mls_client::ProposalResponse*) override;
  Status ResumptionPSKProposal(ServerContext*, const mls_client::ResumptionPSKProposalRequest*,
                               mls_client::ProposalResponse*) override;
  Status GroupContextExtensionsProposal(ServerContext*,
                                        const mls_client::GroupContextExtensionsProposalRequest*,
                                        mls_client::ProposalResponse*) override;

  Status Commit(ServerContext*, const mls_client::CommitRequest*,
                mls_client::CommitResponse*) override;
  Status HandleCommit(ServerContext*, const mls_client::HandleCommitRequest*,
                      mls_client::HandleCommitResponse*) override;
  Status HandlePendingCommit(ServerContext*, const mls_client::HandlePendingCommitRequest*,
                             mls_client::HandleCommitResponse*) override;

  Status ReInitProposal(ServerContext*, const mls_client::ReInitProposalRequest*,
                        mls_client::ProposalResponse*) override;
  Status ReInitCommit(ServerContext*, const mls_client::CommitRequest*,
                      mls_client::CommitResponse*) override;
  Status HandlePendingReInitCommit(ServerContext*, const mls_client::HandlePendingCommitRequest*,
                                   mls_client::HandleReInitCommitResponse*) override;
  Status HandleReInitCommit(ServerContext*, const mls_client::HandleCommitRequest*,
                            mls_client::HandleReInitCommitResponse*) override;
  Status ReInitWelcome(ServerContext*, const mls_client::ReInitWelcomeRequest*,
                       mls_client::CreateSubgroupResponse*) override;
  Status HandleReInitWelcome(ServerContext*, const mls_client::HandleReInitWelcomeRequest*,
                             mls_client::JoinGroupResponse*) override;

  Status CreateBranch(ServerContext*, const mls_client::CreateBranchRequest*,
                      mls_client::CreateSubgroupResponse*) override;
  Status HandleBranch(ServerContext*, const mls_client::HandleBranchRequest*,
                      mls_client::HandleBranchResponse*) override;

  Status NewMemberAddProposal(ServerContext*, const mls_client::NewMemberAddProposalRequest*,
                              mls_client::NewMemberAddProposalResponse*) override;
  Status CreateExternalSigner(ServerContext*, const mls_client::CreateExternalSignerRequest*,
                              mls_client::CreateExternalSignerResponse*) override;
  Status AddExternalSigner(ServerContext*, const mls_client::AddExternalSignerRequest*,
                           mls_client::ProposalResponse*) override;
  Status ExternalSignerProposal(ServerContext*, const mls_client::ExternalSignerProposalRequest*,
                                mls_client::ProposalResponse*) override;

  Status Free(ServerContext*, const mls_client::FreeRequest*, mls_client::FreeResponse*) override;

  // For tests: number of live group states.
  size_t group_count();

 private:
  // Proposal built from a harness description, for the group `g` in
  // `context` (for an external signer, g == nullptr and the GroupInfo's
  // context).
  mls::Proposal proposal_from(const mls_client::ProposalDescription& d, const mls::Group* g,
                              const mls::GroupContext& context);
  // Sends `p` from state `s` and remembers it as its own.
  std::string propose(GroupState& s, mls::Proposal p);
  void commit(const mls_client::CommitRequest& req, mls_client::CommitResponse* resp);
  // Handles the harness's proposals then the commit; true if it was a ReInit.
  mls::AppliedCommit handle_commit(GroupState& s, const mls_client::HandleCommitRequest& req);
  void merge_pending(GroupState& s);
  void reinit_response(uint32_t state_id, mls_client::HandleReInitCommitResponse* resp);

  std::mutex mu_;
  StateTable table_;
};

}  // namespace zt::mls_interop
