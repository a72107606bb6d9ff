// The public views (common/mls PublicGroup) of the groups this replica
// checks handshakes for, kept between requests: building one from a
// stored GroupInfo verifies every leaf of the tree (a second or more at
// 1000 members), applying one commit to a view is a small part of that.
//
// Bounded: at most `capacity` groups, least recently used dropped first.
// Keyed by group and epoch: a view is used only for the epoch the group
// row in PostgreSQL has now (the caller passes the row it just read); when
// the stored epoch is newer (another replica won a commit, or this entry
// was evicted) the view is rebuilt from the stored GroupInfo. The view of
// an epoch also holds the proposals stored in the log for that epoch (a
// later commit may reference them): they are read from the store when the
// group's log has moved past what the entry has seen. The decision which
// commit wins stays in PostgreSQL: the cache only advances to a view after
// the store accepted its commit (advance()).
#pragma once

#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "store.h"
#include "zt/base/clock.h"
#include "zt/mls/public_group.h"

namespace zt::delivery {

inline constexpr std::size_t kDefaultViewCacheGroups = 256;

// A proposal of the current epoch the view holds, with where it sits in the log.
struct ViewProposal {
  uint64_t sequence = 0;
  mls::ReceivedProposal proposal;
};

// A copy of a group's view at its stored epoch: the caller may apply
// messages to it (the cached one is not touched).
struct ViewSnapshot {
  mls::PublicGroup view;
  std::vector<ViewProposal> proposals;  // stored for this epoch, in log order
};

class PublicViewCache {
 public:
  PublicViewCache(Store& store, const Clock& clock, std::size_t capacity = kDefaultViewCacheGroups)
      : store_(store), clock_(clock), capacity_(capacity == 0 ? 1 : capacity) {}

  // The view of `group` (a row just read from the store) at group.epoch.
  // Throws DeliveryError(kInvalidArgument) if the group has no GroupInfo,
  // std::runtime_error if what is stored does not make a view.
  ViewSnapshot snapshot(const GroupRecord& group);
  // Runs `read` on the view of `group` at group.epoch without copying it
  // (under the entry's lock: keep it short, do not call back into the cache).
  void read(const GroupRecord& group, const std::function<void(const mls::PublicGroup&)>& read);
  // The store accepted a commit at `sequence` that took the group to
  // `view` (its epoch): the next commit is checked against it.
  void advance(BytesView group_id, uint64_t sequence, mls::PublicGroup view);
  void forget(BytesView group_id);

  std::size_t size() const;
  uint64_t rebuilds() const;  // views built from a stored GroupInfo (tests, metrics)

  const Clock& clock() const { return clock_; }

 private:
  struct Entry {
    std::mutex mu;
    std::optional<mls::PublicGroup> view;
    std::vector<ViewProposal> proposals;
    uint64_t seen_sequence = 0;  // the log has been read for proposals up to here
  };
  std::shared_ptr<Entry> entry_for(const std::string& key);
  mls::PublicGroup build(const GroupRecord& group);
  void sync_proposals(Entry& entry, const GroupRecord& group);
  // Runs f(view, proposals) on the entry of group.epoch, current with the log.
  void with_view(const GroupRecord& group,
                 const std::function<void(mls::PublicGroup&, std::vector<ViewProposal>&)>& f);

  Store& store_;
  const Clock& clock_;
  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::list<std::string> lru_;  // front: most recently used
  struct Slot {
    std::shared_ptr<Entry> entry;
    std::list<std::string>::iterator at;
  };
  std::unordered_map<std::string, Slot> slots_;
  uint64_t rebuilds_ = 0;
};

// The PublicGroup options the Delivery Service checks with.
mls::PublicGroupOptions view_options(const Clock& clock);

}  // namespace zt::delivery
