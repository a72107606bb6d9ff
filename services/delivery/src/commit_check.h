// Where a commit meets the group's public view before the ordering
// decision (issue 14 point 4). GroupLog has checked the framing (an
// MLSMessage(PublicMessage) commit for this group, with a GroupInfo of the
// new epoch) and that the commit is for the group's current epoch. The
// check loads the public view (common/mls PublicGroup) from the GroupInfo
// stored for that epoch, applies the commit and the committer's new
// GroupInfo to it (every RFC 9420 section 12 rule that needs no secret),
// and says which devices joined and left, so the store changes the
// group's members together with the winning commit.
#pragma once

#include <string>
#include <vector>

#include "store.h"
#include "zt/base/clock.h"
#include "zt/mls/mls_message.h"

namespace zt::delivery {

struct CheckedCommit {
  std::vector<std::string> devices_added;
  std::vector<std::string> devices_removed;
};

class CommitCheck {
 public:
  virtual ~CommitCheck() = default;
  // Throws DeliveryError to refuse (kInvalidArgument: a rule of the
  // protocol; kPermissionDenied: bad signature, sender not in the tree or
  // not allowed); nothing is stored then.
  virtual CheckedCommit check(const GroupRecord& group, const mls::MlsMessage& commit,
                              const mls::MlsMessage& new_group_info) = 0;
};

// The check with common/mls PublicGroup.
class PublicViewCommitCheck final : public CommitCheck {
 public:
  explicit PublicViewCommitCheck(const Clock& clock) : clock_(clock) {}
  CheckedCommit check(const GroupRecord& group, const mls::MlsMessage& commit,
                      const mls::MlsMessage& new_group_info) override;

 private:
  const Clock& clock_;
};

// A PublicGroupError (or another MLS failure) as the DeliveryError the
// caller gets: PERMISSION_DENIED for a bad signature or a sender that is
// not (allowed to be) there, INVALID_ARGUMENT for the rest; the message
// names the rule (PublicRejection's name) and what broke it.
[[noreturn]] void refuse_public(const std::exception& error);

}  // namespace zt::delivery
