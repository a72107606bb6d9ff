// Groups = meetings and calls (issue 14 point 3): one MLS group per E2EE or
// standard meeting and per upgraded call, created by its host device. A
// meeting gets a numeric meeting number (what a room, desk or board device
// types in) that finds it again. Access: a device reads a group only when
// it is a member; a meeting number is looked up by devices of its org.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include "authenticator.h"
#include "store.h"

namespace zt::delivery {

inline constexpr std::size_t kMaxGroupIdBytes = 255;
inline constexpr std::size_t kMaxGroupInfoBytes = 1 << 20;

struct NewGroup {
  Bytes group_id;
  uint32_t cipher_suite = 0;
  std::optional<MeetingType> type;  // unset: the request left it unspecified
  std::optional<GroupKind> kind;
  Bytes group_info;  // MLSMessage(GroupInfo) of epoch 0 with the ratchet tree
};

// Draws a meeting number candidate (injectable for tests).
using MeetingNumberSource = std::function<uint64_t()>;
// 10-digit numbers 1000000000..9999999999 from the system CSPRNG.
MeetingNumberSource random_meeting_numbers();

class GroupRegistry {
 public:
  GroupRegistry(Store& store, MeetingNumberSource numbers)
      : store_(store), numbers_(std::move(numbers)) {}

  // Throws DeliveryError: kInvalidArgument (bad id, suite, type, GroupInfo),
  // kAlreadyExists (the group id is taken).
  GroupRecord create(const Caller& caller, const NewGroup& request);
  // The group if the caller is a member; kNotFound / kPermissionDenied.
  GroupRecord member_view(const Caller& caller, BytesView group_id);
  // The group for a device that may join it (external join, RequestJoin,
  // GetGroupInfo): a member, or a device of the group's org; kNotFound
  // (also for another org's group, which it may not learn of).
  GroupRecord joinable_view(const Caller& caller, BytesView group_id);
  // kNotFound also for a meeting of another org.
  GroupRecord lookup_meeting(const Caller& caller, uint64_t meeting_number);

 private:
  Store& store_;
  MeetingNumberSource numbers_;
};

// Throws kInvalidArgument unless 1..255 bytes.
void check_group_id(BytesView group_id);

}  // namespace zt::delivery
