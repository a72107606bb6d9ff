// Where handshakes meet the group's public view before the ordering
// decision (issue 14 points 4 and 6). GroupLog has checked the framing (an
// MLSMessage(PublicMessage) commit or proposal for this group, with a
// GroupInfo of the new epoch for a commit) and that it is for the group's
// current epoch. The check takes the view of that epoch from the
// PublicViewCache (the stored GroupInfo and the epoch's stored proposals),
// applies the message to a copy (every RFC 9420 section 12 rule that needs
// no secret) and says which devices joined and left and whom the Welcome
// is for, so the store changes the group's members with the winning
// commit. Only after the store accepted the commit does the cache move to
// the new view (accepted()).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "public_view_cache.h"
#include "store.h"
#include "zt/mls/mls_message.h"

namespace zt::delivery {

struct CheckedCommit {
  std::vector<std::string> devices_added;
  std::vector<std::string> devices_removed;
  std::vector<WelcomeRecipient> welcome_to;  // the new members the Welcome is encrypted to
  bool external = false;                     // sender new_member_commit
  std::optional<std::string> committer_device;  // the device the committer's leaf names
  std::optional<mls::PublicGroup> next;          // the view of the new epoch
};

class CommitCheck {
 public:
  explicit CommitCheck(PublicViewCache& views) : views_(views) {}

  // Throws DeliveryError to refuse (kInvalidArgument: a rule of the
  // protocol; kPermissionDenied: bad signature, sender not in the tree or
  // not allowed); nothing is stored then.
  CheckedCommit check(const GroupRecord& group, const mls::MlsMessage& commit,
                      const mls::MlsMessage& new_group_info,
                      const std::optional<mls::Welcome>& welcome);
  // The store put the commit at `sequence`: the next one is checked against its view.
  void accepted(BytesView group_id, uint64_t sequence, CheckedCommit& checked);

  // A proposal of the current epoch, checked on its own against the view
  // (sender, signature, the proposal's rules). Same refusals.
  mls::ReceivedProposal check_proposal(const GroupRecord& group, const mls::MlsMessage& proposal);

  // The leaf of `device` in the group's current tree, if it has one.
  std::optional<uint32_t> leaf_of(const GroupRecord& group, const std::string& device_id);
  // Every member device with its leaf, lowest leaf first.
  std::vector<std::pair<uint32_t, std::string>> member_leaves(const GroupRecord& group);

  PublicViewCache& views() { return views_; }

 private:
  PublicViewCache& views_;
};

// A PublicGroupError (or another MLS failure) as the DeliveryError the
// caller gets: PERMISSION_DENIED for a bad signature or a sender that is
// not (allowed to be) there, INVALID_ARGUMENT for the rest; the message
// starts with `what` and names the rule (PublicRejection's name) and what
// broke it.
[[noreturn]] void refuse_public(const std::exception& error, const std::string& what = "commit");

}  // namespace zt::delivery
