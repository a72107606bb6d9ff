// The interop server's state: groups, pending key packages (transactions),
// external signers and reinit states, keyed by the ids handed to the
// harness. Ids come from one counter, so StorePSK can take either a state
// or a transaction id.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "zt/crypto/secret_bytes.h"
#include "zt/mls/group.h"
#include "zt/mls/key_package_bundle.h"

namespace zt::mls_interop {

struct GroupState {
  std::unique_ptr<mls::Group> group;
  mls::GroupOptions options;
  // Encoded proposals this member sent in the current epoch: they are
  // already cached, so they are skipped when the harness hands them back.
  std::set<std::string> own_proposals;
  // Set when Commit had to merge at once (external_tree): HandlePendingCommit
  // then has nothing left to do.
  bool merged_early = false;
};

struct Transaction {
  mls::KeyPackageBundle bundle;
  std::vector<mls::ExternalPskEntry> psks;
};

struct ExternalSignerState {
  mls::CipherSuite suite = 0;
  crypto::SecretBytes signature_private_key;
};

// A member that applied a ReInit commit: the old group (for its resumption
// PSK), the KeyPackage for the new group and the old group's options.
struct ReInitState {
  std::unique_ptr<mls::Group> old_group;
  mls::ReInit reinit;
  mls::KeyPackageBundle bundle;
  mls::GroupOptions options;
};

class StateTable {
 public:
  uint32_t add_group(GroupState state);
  uint32_t add_transaction(Transaction t);
  uint32_t add_signer(ExternalSignerState s);
  uint32_t add_reinit(ReInitState s);

  // Throw UnknownId.
  GroupState& group(uint32_t id);
  Transaction& transaction(uint32_t id);
  ExternalSignerState& signer(uint32_t id);
  ReInitState& reinit(uint32_t id);
  bool has_transaction(uint32_t id) const { return transactions_.count(id) != 0; }

  // Removes the group with `id` (false if there was none).
  bool free(uint32_t id);
  size_t group_count() const { return groups_.size(); }

 private:
  uint32_t next_id_ = 1;
  std::unordered_map<uint32_t, GroupState> groups_;
  std::unordered_map<uint32_t, Transaction> transactions_;
  std::unordered_map<uint32_t, ExternalSignerState> signers_;
  std::unordered_map<uint32_t, ReInitState> reinits_;
};

// Keeps `g` (joined with `options`) as a new state and answers with its id
// and epoch authenticator (JoinGroupResponse, JoinGroup-like responses).
template <class Response>
void keep_joined(StateTable& table, mls::Group g, const mls::GroupOptions& options,
                 Response* resp) {
  BytesView auth = g.epoch_authenticator();
  resp->set_epoch_authenticator(std::string(auth.begin(), auth.end()));
  GroupState s;
  s.options = options;
  s.group = std::make_unique<mls::Group>(std::move(g));
  resp->set_state_id(table.add_group(std::move(s)));
}

}  // namespace zt::mls_interop
