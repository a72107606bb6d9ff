// A real MLS client (common/mls) of a zt device in the Delivery Service
// tests: its device (token, credential), its KeyPackage, its group state
// once it is in, and how it follows the group's stream (proposals are
// cached for a commit, commits applied, a COMMIT_REQUEST answered).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "delivery_fixture.h"
#include "delivery_stream_helpers.h"

namespace zt::delivery::testing {

struct Member {
  Device device;
  mls::KeyPackageBundle bundle;
  std::optional<mls::Group> group;
  std::size_t handled = 0;  // messages of its stream applied so far
};

// Applies every message of `stream` it has not applied yet (its own
// accepted commits are already merged: skipped by their epoch). Returns the
// epoch of the last COMMIT_REQUEST seen among them, if any.
std::optional<uint64_t> follow(Member& m, const std::vector<v1::GroupMessage>& stream);

// A commit of m's group (every pending proposal by reference, and
// `options`) made on a copy of its state: `next` is the state after it.
struct PreparedCommit {
  v1::SendCommitRequest request;
  mls::Group next;
  std::optional<mls::MlsMessage> welcome;
};
PreparedCommit prepare_commit(const Member& m, const std::string& group_id,
                              mls::CommitOptions options = {});
// Sends it as m; on OK m's group becomes `next`.
grpc::Status send_commit(v1::Delivery::Stub& stub, Member& m, PreparedCommit prepared,
                         v1::SendCommitResponse* out = nullptr);
// A copy of a group state (serialized and restored).
mls::Group copy_of(const mls::Group& g);

// GetExternalSender's struct as the group extension that lists the DS.
mls::Extensions ds_external_senders(v1::Delivery::Stub& stub, const std::string& token);

}  // namespace zt::delivery::testing
