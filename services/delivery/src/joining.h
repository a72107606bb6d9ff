// Joining big meetings (issue 14 point 6). (a) External join: GetGroupInfo
// serves the group's latest signed GroupInfo (with its ratchet tree and
// external_pub) to a device that may join; the joiner's external commit
// then goes through SendCommit (GroupLog). (b) Batched joins: RequestJoin
// hands the DS the joiner's KeyPackage and the DS puts an external Add
// proposal, signed with its external-sender key, in the group's log;
// RequestLeave does the same with an external Remove of the caller's leaf.
// A request stays in PostgreSQL until a commit has done it: when an epoch
// ends without it (a commit that did not reference the proposal) the DS
// proposes it again in the new epoch (reissue()). The designated committer
// commits what is pending (commit_scheduler.h).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include "authenticator.h"
#include "commit_check.h"
#include "delivery_metrics.h"
#include "external_sender.h"
#include "group_log.h"
#include "group_registry.h"
#include "store.h"

namespace zt::delivery {

struct GroupInfoView {
  Bytes group_info;  // MLSMessage(GroupInfo) of the current epoch
  uint64_t epoch = 0;
};

class Joining {
 public:
  Joining(Store& store, GroupRegistry& groups, GroupLog& log, CommitCheck& check,
          const ExternalSenderKey& signer, DeliveryMetrics* metrics)
      : store_(store),
        groups_(groups),
        log_(log),
        check_(check),
        signer_(signer),
        metrics_(metrics) {}

  // Throws DeliveryError: kNotFound (no group, or not one the caller may join).
  GroupInfoView group_info(const Caller& caller, BytesView group_id);
  // Returns the sequence of the DS's external Add proposal. kInvalidArgument
  // (KeyPackage malformed, not the caller's, refused by the view),
  // kAlreadyExists (already a member), kFailedPrecondition (the group does
  // not list the DS among its external senders).
  uint64_t request_join(const Caller& caller, BytesView group_id, BytesView key_package);
  // Returns the sequence of the DS's external Remove proposal of the
  // caller's leaf. kPermissionDenied (not a member), kFailedPrecondition.
  uint64_t request_leave(const Caller& caller, BytesView group_id);
  // Proposes again, in the group's current epoch, every request the last
  // commit did not do; drops those that are done. Errors are logged.
  void reissue(BytesView group_id);

 private:
  uint64_t propose(const GroupRecord& group, const JoinRequest& request);
  // Proposes if this call claims the request's epoch (nullopt: already proposed in it).
  std::optional<uint64_t> propose_claimed(const GroupRecord& group, const JoinRequest& request);
  uint64_t submit(const Caller& caller, JoinRequest request,
                  const std::function<GroupRecord()>& read_group);
  uint32_t sender_index(const GroupRecord& group);

  Store& store_;
  GroupRegistry& groups_;
  GroupLog& log_;
  CommitCheck& check_;
  const ExternalSenderKey& signer_;
  DeliveryMetrics* metrics_;
};

}  // namespace zt::delivery
