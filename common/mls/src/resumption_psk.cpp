// Resolving the PSKs of a commit or a Welcome (RFC 9420 sections 8.4, 8.6):
// external PSKs by id, resumption PSKs from the resumption_psk of the
// current or a retained epoch of the group they name.
#include <algorithm>

#include "group_internal.h"

namespace zt::mls {
namespace {

bool is_subgroup_usage(const PreSharedKeyId& id) {
  const auto* res = std::get_if<ResumptionPsk>(&id.psk);
  return res != nullptr &&
         (res->usage == ResumptionPskUsage::kReinit || res->usage == ResumptionPskUsage::kBranch);
}

}  // namespace

const crypto::SecretBytes* GroupAccess::resumption_psk(const Group& g, uint64_t epoch) {
  if (epoch == g.context_.epoch) return &g.secrets_.resumption_psk;
  for (const Group::RetainedEpoch& r : g.retained_) {
    if (r.epoch == epoch) return &r.resumption_psk;
  }
  return nullptr;
}

namespace {
// The external PSK `psk_id` names among `external`, or nullptr.
const ExternalPskEntry* find_external(const std::vector<ExternalPskEntry>& external,
                                      const ExternalPsk& psk) {
  auto it = std::find_if(external.begin(), external.end(),
                         [&](const ExternalPskEntry& e) { return e.psk_id == psk.psk_id; });
  return it == external.end() ? nullptr : &*it;
}
}  // namespace

std::vector<PskWithSecret> GroupAccess::resolve_psks(const std::vector<ExternalPskEntry>& external,
                                                     const std::vector<PreSharedKeyId>& ids) {
  std::vector<PskWithSecret> out;
  for (const PreSharedKeyId& id : ids) {
    const auto* ext = std::get_if<ExternalPsk>(&id.psk);
    if (ext == nullptr) throw JoinError("resumption PSK not available");
    const ExternalPskEntry* entry = find_external(external, *ext);
    if (entry == nullptr) throw JoinError("unknown external PSK");
    out.push_back({id, entry->psk});
  }
  return out;
}

std::vector<PskWithSecret> GroupAccess::resolve_psks(const Group& g,
                                                     const std::vector<PreSharedKeyId>& ids,
                                                     std::span<const PskWithSecret> imported) {
  std::vector<PskWithSecret> out;
  for (const PreSharedKeyId& id : ids) {
    auto given = std::find_if(imported.begin(), imported.end(),
                              [&](const PskWithSecret& p) { return p.id == id; });
    if (given != imported.end()) {
      out.push_back({id, given->psk});
    } else if (const auto* res = std::get_if<ResumptionPsk>(&id.psk)) {
      if (res->psk_group_id != g.context_.group_id)
        throw ProtocolError("resumption PSK of another group");
      const crypto::SecretBytes* secret = resumption_psk(g, res->psk_epoch);
      if (secret == nullptr) throw ProtocolError("resumption PSK of an epoch not retained");
      out.push_back({id, *secret});
    } else {
      // A commit naming an external PSK this member does not hold: it
      // cannot follow (not a join: ProtocolError, the group stays as it was).
      const ExternalPskEntry* entry =
          find_external(g.external_psks_, std::get<ExternalPsk>(id.psk));
      if (entry == nullptr)
        throw ProtocolError("commit uses an external PSK this member does not hold");
      out.push_back({id, entry->psk});
    }
  }
  return out;
}

std::vector<PskWithSecret> GroupAccess::resolve_welcome_psks(
    const std::vector<ExternalPskEntry>& external, const Group* source,
    const std::vector<PreSharedKeyId>& ids) {
  const auto subgroup_psks = std::count_if(ids.begin(), ids.end(), is_subgroup_usage);
  if (subgroup_psks > 1) throw JoinError("Welcome with more than one reinit/branch PSK");
  std::vector<PskWithSecret> out;
  for (const PreSharedKeyId& id : ids) {
    const auto* res = std::get_if<ResumptionPsk>(&id.psk);
    if (res == nullptr) {
      auto one = resolve_psks(external, {id});
      out.push_back(std::move(one.front()));
      continue;
    }
    if (source == nullptr)
      throw JoinError("the Welcome needs a resumption PSK: join with the group it resumes");
    if (res->psk_group_id != source->context_.group_id)
      throw JoinError("resumption PSK of another group than the one given");
    const crypto::SecretBytes* secret = resumption_psk(*source, res->psk_epoch);
    if (secret == nullptr) throw JoinError("resumption PSK of an epoch this member does not hold");
    out.push_back({id, *secret});
  }
  return out;
}

}  // namespace zt::mls
