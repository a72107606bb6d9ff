#include "commit_check.h"

#include <algorithm>
#include <set>

#include "delivery_error.h"
#include "device_identity.h"
#include "zt/mls/crypto_labels.h"

namespace zt::delivery {
namespace {

std::set<std::string> member_devices(const mls::PublicGroup& view, const Clock& clock) {
  std::set<std::string> out;
  for (uint32_t leaf : view.members()) {
    const mls::LeafNode* node = view.tree().leaf(mls::LeafIndex{leaf});
    if (node == nullptr) continue;
    if (auto device = device_of(*node, clock)) out.insert(*device);
  }
  return out;
}

std::vector<std::string> minus(const std::set<std::string>& a, const std::set<std::string>& b) {
  std::vector<std::string> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

// The Add proposals a commit carries, by value or by reference.
std::vector<const mls::Add*> adds_of(const mls::Commit& commit,
                                     const std::vector<ViewProposal>& pending) {
  std::vector<const mls::Add*> out;
  for (const mls::ProposalOrRef& por : commit.proposals) {
    const mls::Proposal* p = std::get_if<mls::Proposal>(&por.value);
    if (p == nullptr) {
      const auto& ref = std::get<mls::ProposalRef>(por.value);
      auto it = std::find_if(pending.begin(), pending.end(),
                             [&](const ViewProposal& v) { return v.proposal.ref == ref; });
      if (it != pending.end()) p = &it->proposal.proposal;
    }
    if (p == nullptr) continue;
    if (const auto* add = std::get_if<mls::Add>(&p->value)) out.push_back(add);
  }
  return out;
}

std::vector<WelcomeRecipient> welcome_recipients(const mls::PublicGroup& view,
                                                 const std::vector<const mls::Add*>& adds,
                                                 const std::optional<mls::Welcome>& welcome,
                                                 const Clock& clock) {
  std::vector<WelcomeRecipient> out;
  if (!welcome) return out;
  const auto& suite = mls::suite_algorithms(view.cipher_suite());
  for (const mls::Add* add : adds) {
    Bytes ref = mls::make_key_package_ref(suite, add->key_package);
    bool addressed = std::any_of(welcome->secrets.begin(), welcome->secrets.end(),
                                 [&](const mls::EncryptedGroupSecrets& s) {
                                   return s.new_member == ref;
                                 });
    auto device = device_of(add->key_package.leaf_node, clock);
    if (addressed && device) out.push_back({*device, std::move(ref)});
  }
  if (out.size() != welcome->secrets.size()) {
    throw DeliveryError::invalid_argument(
        "welcome: every new member's secrets must be for a KeyPackage the commit adds (of a zt "
        "device)");
  }
  return out;
}

}  // namespace

void refuse_public(const std::exception& error, const std::string& what) {
  if (const auto* e = dynamic_cast<const mls::PublicGroupError*>(&error)) {
    switch (e->reason()) {
      case mls::PublicRejection::kBadSignature:
      case mls::PublicRejection::kUnknownSender:
      case mls::PublicRejection::kSenderNotAllowed:
        throw DeliveryError::permission_denied(what + " refused: " + e->what());
      default:
        throw DeliveryError::invalid_argument(what + " refused: " + e->what());
    }
  }
  throw DeliveryError::invalid_argument(what + " refused: " + error.what());
}

CheckedCommit CommitCheck::check(const GroupRecord& group, const mls::MlsMessage& commit,
                                 const mls::MlsMessage& new_group_info,
                                 const std::optional<mls::Welcome>& welcome) {
  const Clock& clock = views_.clock();
  ViewSnapshot snap = views_.snapshot(group);
  const auto& pm = std::get<mls::PublicMessage>(commit.message);
  try {
    std::set<std::string> before = member_devices(snap.view, clock);
    mls::PublicCommit applied = snap.view.handle_commit(commit, new_group_info);
    CheckedCommit out;
    std::set<std::string> after = member_devices(snap.view, clock);
    out.devices_added = minus(after, before);
    out.devices_removed = minus(before, after);
    out.external = applied.external;
    if (const mls::LeafNode* leaf = snap.view.tree().leaf(mls::LeafIndex{applied.committer}))
      out.committer_device = device_of(*leaf, clock);
    out.welcome_to = welcome_recipients(
        snap.view, adds_of(std::get<mls::Commit>(pm.content.content), snap.proposals), welcome,
        clock);
    out.next.emplace(std::move(snap.view));
    return out;
  } catch (const DeliveryError&) {
    throw;
  } catch (const std::exception& e) {  // PublicGroupError, and what the MLS codecs and checks throw
    refuse_public(e);
  }
}

void CommitCheck::accepted(BytesView group_id, uint64_t sequence, CheckedCommit& checked) {
  if (checked.next) views_.advance(group_id, sequence, std::move(*checked.next));
  checked.next.reset();
}

mls::ReceivedProposal CommitCheck::check_proposal(const GroupRecord& group,
                                                  const mls::MlsMessage& proposal) {
  ViewSnapshot snap = views_.snapshot(group);
  try {
    return std::get<mls::ReceivedProposal>(snap.view.handle(proposal));
  } catch (const std::exception& e) {
    refuse_public(e, "proposal");
  }
}

std::vector<std::pair<uint32_t, std::string>> CommitCheck::member_leaves(const GroupRecord& group) {
  std::vector<std::pair<uint32_t, std::string>> out;
  views_.read(group, [&](const mls::PublicGroup& view) {
    for (uint32_t leaf : view.members()) {
      const mls::LeafNode* node = view.tree().leaf(mls::LeafIndex{leaf});
      if (node == nullptr) continue;
      if (auto device = device_of(*node, views_.clock())) out.emplace_back(leaf, *device);
    }
  });
  return out;
}

std::optional<uint32_t> CommitCheck::leaf_of(const GroupRecord& group,
                                             const std::string& device_id) {
  for (const auto& [leaf, device] : member_leaves(group)) {
    if (device == device_id) return leaf;
  }
  return std::nullopt;
}

}  // namespace zt::delivery
