#include "commit_check.h"

#include <algorithm>
#include <set>

#include "delivery_error.h"
#include "device_identity.h"
#include "zt/mls/public_group.h"

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

}  // namespace

void refuse_public(const std::exception& error) {
  if (const auto* e = dynamic_cast<const mls::PublicGroupError*>(&error)) {
    switch (e->reason()) {
      case mls::PublicRejection::kBadSignature:
      case mls::PublicRejection::kUnknownSender:
      case mls::PublicRejection::kSenderNotAllowed:
        throw DeliveryError::permission_denied(std::string("commit refused: ") + e->what());
      default:
        throw DeliveryError::invalid_argument(std::string("commit refused: ") + e->what());
    }
  }
  throw DeliveryError::invalid_argument(std::string("commit refused: ") + error.what());
}

CheckedCommit PublicViewCommitCheck::check(const GroupRecord& group, const mls::MlsMessage& commit,
                                           const mls::MlsMessage& new_group_info) {
  if (group.group_info.empty()) {
    throw DeliveryError::invalid_argument(
        "the group has no GroupInfo for its current epoch to check commits with");
  }
  auto stored = mls::decode<mls::MlsMessage>(group.group_info);
  if (!stored) throw std::runtime_error("stored GroupInfo does not decode");
  try {
    mls::PublicGroupOptions options;
    options.clock = &clock_;
    mls::PublicGroup view = group.epoch == 0
                                ? mls::PublicGroup::create(*stored, options)
                                : mls::PublicGroup::from_group_info(*stored, std::nullopt, options);
    std::set<std::string> before = member_devices(view, clock_);
    view.handle_commit(commit, new_group_info);
    std::set<std::string> after = member_devices(view, clock_);
    return {minus(after, before), minus(before, after)};
  } catch (const std::exception& e) {  // PublicGroupError, and what the MLS codecs and checks throw
    refuse_public(e);
  }
}

}  // namespace zt::delivery
