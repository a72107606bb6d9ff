#include "public_view_cache.h"

#include <algorithm>

#include "delivery_error.h"
#include "zt/mls/mls_message.h"

namespace zt::delivery {
namespace {

std::string key_of(BytesView group_id) { return std::string(group_id.begin(), group_id.end()); }

}  // namespace

mls::PublicGroupOptions view_options(const Clock& clock) {
  mls::PublicGroupOptions options;
  options.clock = &clock;
  return options;
}

std::shared_ptr<PublicViewCache::Entry> PublicViewCache::entry_for(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = slots_.find(key);
  if (it != slots_.end()) {
    lru_.splice(lru_.begin(), lru_, it->second.at);
    return it->second.entry;
  }
  while (slots_.size() >= capacity_) {
    slots_.erase(lru_.back());
    lru_.pop_back();
  }
  lru_.push_front(key);
  auto entry = std::make_shared<Entry>();
  slots_.emplace(key, Slot{entry, lru_.begin()});
  return entry;
}

mls::PublicGroup PublicViewCache::build(const GroupRecord& group) {
  if (group.group_info.empty()) {
    throw DeliveryError::invalid_argument(
        "the group has no GroupInfo for its current epoch to check handshakes with");
  }
  auto stored = mls::decode<mls::MlsMessage>(group.group_info);
  if (!stored) throw std::runtime_error("stored GroupInfo does not decode");
  {
    std::lock_guard lock(mu_);
    ++rebuilds_;
  }
  // Epoch 0 is the creator's GroupInfo, checked with the creation rules.
  return group.epoch == 0
             ? mls::PublicGroup::create(*stored, view_options(clock_))
             : mls::PublicGroup::from_group_info(*stored, std::nullopt, view_options(clock_));
}

void PublicViewCache::sync_proposals(Entry& entry, const GroupRecord& group) {
  if (group.last_sequence <= entry.seen_sequence) return;
  for (const LogEntry& row : store_.read_proposals(group.group_id, group.epoch,
                                                   entry.seen_sequence)) {
    entry.seen_sequence = std::max(entry.seen_sequence, row.sequence);
    auto m = mls::decode<mls::MlsMessage>(row.message);
    if (!m) throw std::runtime_error("stored proposal does not decode");
    // Checked before it was stored; handle() caches it for commits by reference.
    auto received = std::get<mls::ReceivedProposal>(entry.view->handle(*m));
    entry.proposals.push_back({row.sequence, std::move(received)});
  }
  entry.seen_sequence = std::max(entry.seen_sequence, group.last_sequence);
}

void PublicViewCache::with_view(
    const GroupRecord& group,
    const std::function<void(mls::PublicGroup&, std::vector<ViewProposal>&)>& f) {
  std::shared_ptr<Entry> entry = entry_for(key_of(group.group_id));
  std::lock_guard lock(entry->mu);
  if (entry->view && entry->view->epoch() > group.epoch) {
    // The row was read before this replica advanced: a view of that epoch on its own.
    Entry old;
    old.view.emplace(build(group));
    sync_proposals(old, group);
    f(*old.view, old.proposals);
    return;
  }
  if (!entry->view || entry->view->epoch() < group.epoch) {
    entry->view.reset();
    entry->proposals.clear();
    entry->seen_sequence = 0;
    entry->view.emplace(build(group));
  }
  try {
    sync_proposals(*entry, group);
  } catch (...) {
    entry->view.reset();  // half-synced: rebuilt next time
    throw;
  }
  f(*entry->view, entry->proposals);
}

ViewSnapshot PublicViewCache::snapshot(const GroupRecord& group) {
  std::optional<ViewSnapshot> out;
  with_view(group, [&](mls::PublicGroup& view, std::vector<ViewProposal>& proposals) {
    out.emplace(ViewSnapshot{view, proposals});
  });
  return std::move(*out);
}

void PublicViewCache::read(const GroupRecord& group,
                           const std::function<void(const mls::PublicGroup&)>& read) {
  with_view(group, [&](mls::PublicGroup& view, std::vector<ViewProposal>&) { read(view); });
}

void PublicViewCache::advance(BytesView group_id, uint64_t sequence, mls::PublicGroup view) {
  std::shared_ptr<Entry> entry = entry_for(key_of(group_id));
  std::lock_guard lock(entry->mu);
  if (entry->view && entry->view->epoch() >= view.epoch()) return;  // already further
  entry->view.emplace(std::move(view));
  entry->proposals.clear();
  entry->seen_sequence = sequence;
}

void PublicViewCache::forget(BytesView group_id) {
  std::lock_guard lock(mu_);
  auto it = slots_.find(key_of(group_id));
  if (it == slots_.end()) return;
  lru_.erase(it->second.at);
  slots_.erase(it);
}

std::size_t PublicViewCache::size() const {
  std::lock_guard lock(mu_);
  return slots_.size();
}

uint64_t PublicViewCache::rebuilds() const {
  std::lock_guard lock(mu_);
  return rebuilds_;
}

}  // namespace zt::delivery
