// The seam where a commit is checked against the group's public view
// before the ordering decision (issue 14 point 4). GroupLog has already
// checked the framing: an MLSMessage(PublicMessage) of content type
// commit, for this group_id, from a member, with Welcome and GroupInfo
// decoding. A CommitCheck adds the RFC 9420 section 12 rules that need the
// ratchet tree (the sender is a member, signature and membership tag,
// proposals the commit may carry, UpdatePath parent hashes...). The
// public view (common/mls PublicGroup, being written) plugs in here: it is
// loaded for the group's current epoch, validates, and its new state is
// stored with the winning commit.
#pragma once

#include "store.h"
#include "zt/mls/public_message.h"

namespace zt::delivery {

class CommitCheck {
 public:
  virtual ~CommitCheck() = default;
  // Throws DeliveryError (kInvalidArgument: malformed; kPermissionDenied:
  // bad signature or sender not in the tree) to refuse; nothing is stored.
  virtual void check(const GroupRecord& group, const mls::PublicMessage& commit) = 0;
};

// Until the public view lands: framing checks only (done by GroupLog).
class FramingOnlyCommitCheck final : public CommitCheck {
 public:
  void check(const GroupRecord&, const mls::PublicMessage&) override {}
};

}  // namespace zt::delivery
