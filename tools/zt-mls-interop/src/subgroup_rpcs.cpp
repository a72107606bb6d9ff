// Groups that resume another one: the group that replaces a reinitialized
// one (ReInitWelcome / HandleReInitWelcome, RFC 9420 section 11.2) and a
// branch (CreateBranch / HandleBranch, section 11.3).
#include "mls_client_service.h"
#include "status_mapping.h"
#include "wire_codec.h"

namespace zt::mls_interop {
namespace {

std::vector<mls::KeyPackage> key_packages(
    const google::protobuf::RepeatedPtrField<std::string>& l) {
  std::vector<mls::KeyPackage> out;
  for (const std::string& kp : l) out.push_back(decode_key_package(kp));
  return out;
}

mls::SubgroupOptions subgroup_options(const mls::GroupOptions& group, bool force_path,
                                      bool external_tree) {
  mls::SubgroupOptions o;
  o.group = group;
  o.force_path = force_path;
  o.inline_tree = !external_tree;
  return o;
}

// Fills the response and keeps the new group as a state.
void keep_subgroup(StateTable& table, mls::Group::Subgroup created,
                   const mls::GroupOptions& options, bool external_tree,
                   mls_client::CreateSubgroupResponse* resp) {
  if (created.welcome) resp->set_welcome(to_string(mls::encode(*created.welcome)));
  if (external_tree) resp->set_ratchet_tree(to_string(mls::encode(created.group.tree().to_wire())));
  keep_joined(table, std::move(created.group), options, resp);
}

}  // namespace

Status MlsClientService::ReInitWelcome(ServerContext*, const mls_client::ReInitWelcomeRequest* req,
                                       mls_client::CreateSubgroupResponse* resp) {
  return run_rpc("ReInitWelcome", [&] {
    std::vector<mls::KeyPackage> members = key_packages(req->key_package());
    std::lock_guard lock(mu_);
    ReInitState& r = table_.reinit(req->reinit_id());
    mls::Group::Subgroup created = mls::Group::create_reinit(
        *r.old_group, r.bundle, std::move(members),
        subgroup_options(r.options, req->force_path(), req->external_tree()));
    keep_subgroup(table_, std::move(created), r.options, req->external_tree(), resp);
  });
}

Status MlsClientService::HandleReInitWelcome(ServerContext*,
                                             const mls_client::HandleReInitWelcomeRequest* req,
                                             mls_client::JoinGroupResponse* resp) {
  return run_rpc("HandleReInitWelcome", [&] {
    auto welcome = decode_field<mls::MlsMessage>(req->welcome(), "welcome");
    auto tree = decode_tree(req->ratchet_tree());
    std::lock_guard lock(mu_);
    ReInitState& r = table_.reinit(req->reinit_id());
    keep_joined(table_, mls::Group::join(welcome, r.bundle, *r.old_group, tree, r.options),
                r.options, resp);
  });
}

Status MlsClientService::CreateBranch(ServerContext*, const mls_client::CreateBranchRequest* req,
                                      mls_client::CreateSubgroupResponse* resp) {
  return run_rpc("CreateBranch", [&] {
    std::vector<mls::KeyPackage> members = key_packages(req->key_packages());
    mls::Extensions extensions = to_extensions(req->extensions());
    std::lock_guard lock(mu_);
    GroupState& old = table_.group(req->state_id());
    // A fresh leaf for the branch, under this member's identity.
    mls::KeyPackageBundle me = new_key_package(old.group->cipher_suite(), own_identity(*old.group));
    mls::Group::Subgroup created = mls::Group::create_branch(
        *old.group, to_bytes(req->group_id()), me, std::move(members), std::move(extensions),
        subgroup_options(old.options, req->force_path(), req->external_tree()));
    mls::GroupOptions options = old.options;
    keep_subgroup(table_, std::move(created), options, req->external_tree(), resp);
  });
}

Status MlsClientService::HandleBranch(ServerContext*, const mls_client::HandleBranchRequest* req,
                                      mls_client::HandleBranchResponse* resp) {
  return run_rpc("HandleBranch", [&] {
    auto welcome = decode_field<mls::MlsMessage>(req->welcome(), "welcome");
    auto tree = decode_tree(req->ratchet_tree());
    std::lock_guard lock(mu_);
    GroupState& old = table_.group(req->state_id());
    Transaction& t = table_.transaction(req->transaction_id());
    const mls::GroupOptions options = old.options;
    keep_joined(table_, mls::Group::join(welcome, t.bundle, *old.group, tree, options, t.psks),
                options, resp);
  });
}

}  // namespace zt::mls_interop
