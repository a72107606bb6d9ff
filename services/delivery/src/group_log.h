// A group's ordered log (issue 14 points 4 and 5): application messages
// (opaque PrivateMessages, never decrypted) and commits, each appended
// durably in PostgreSQL with the group's next sequence number, then fanned
// out. A commit wins only for the group's current epoch, only if the
// group's public view accepts it (CommitCheck), and exactly one wins each
// epoch (decided in PostgreSQL); a loser gets kEpochMismatch with the
// current epoch; resending the winning commit is answered again with its
// sequence and stores nothing.
#pragma once

#include <cstdint>
#include <functional>

#include "authenticator.h"
#include "commit_check.h"
#include "delivery_metrics.h"
#include "fanout.h"
#include "group_registry.h"
#include "store.h"

namespace zt::delivery {

inline constexpr std::size_t kMaxMessageBytes = 1 << 20;

struct CommitBundle {
  Bytes group_id;
  Bytes commit;      // MLSMessage(PublicMessage)
  Bytes welcome;     // optional MLSMessage(Welcome)
  Bytes group_info;  // MLSMessage(GroupInfo) of the new epoch, with the ratchet tree
};

struct CommitResult {
  uint64_t sequence = 0;
  uint64_t epoch = 0;  // after the commit
  bool duplicate = false;
};

class GroupLog {
 public:
  GroupLog(Store& store, GroupRegistry& groups, CommitCheck& check, Fanout& fanout,
           DeliveryMetrics* metrics)
      : store_(store), groups_(groups), check_(check), fanout_(fanout), metrics_(metrics) {}

  // Returns the message's sequence. Throws DeliveryError.
  uint64_t send_application(const Caller& caller, BytesView group_id, BytesView message);
  // A member's commit, or a joiner's external commit (new_member_commit)
  // against the published GroupInfo: the joiner's device must be allowed
  // to join (GroupRegistry::joinable_view) and its new leaf must name it.
  CommitResult send_commit(const Caller& caller, const CommitBundle& bundle);
  // A member's PublicMessage proposal of the current epoch, checked by the
  // public view and stored, so a later commit may reference it. Returns
  // its sequence; kEpochMismatch when the group has moved on.
  uint64_t send_proposal(const Caller& caller, BytesView group_id, BytesView proposal);
  // A proposal the Delivery Service signed itself (external sender),
  // checked by the view like any other, stored under `on_behalf_of`.
  uint64_t append_external_proposal(const GroupRecord& group, const std::string& on_behalf_of,
                                    const mls::MlsMessage& proposal);

  // Called after each accepted commit with the group's new epoch (batched
  // joins re-propose what the commit left out).
  void on_commit(std::function<void(BytesView group_id)> hook) { on_commit_ = std::move(hook); }
  // Called with every commit the public view accepted, before it is
  // stored; throws DeliveryError to refuse it (the meeting policy).
  using CommitGate = std::function<void(const GroupRecord& group, const CheckedCommit& checked,
                                        const mls::MlsMessage& new_group_info)>;
  void gate_commits(CommitGate gate) { gate_ = std::move(gate); }

 private:
  // A commit for another epoch than the current one: the winner of that
  // epoch sent again (idempotent), or kEpochMismatch.
  CommitResult resent_or_refused(BytesView group_id, uint64_t epoch, const Bytes& digest,
                                 uint64_t current);
  void publish(BytesView group_id, const LogEntry& entry);
  uint64_t store_proposal(const GroupRecord& group, uint64_t epoch, const std::string& sender,
                          BytesView bytes);

  Store& store_;
  GroupRegistry& groups_;
  CommitCheck& check_;
  Fanout& fanout_;
  DeliveryMetrics* metrics_;
  std::function<void(BytesView)> on_commit_;
  CommitGate gate_;
};

}  // namespace zt::delivery
