#include "group_registry.h"

#include "delivery_error.h"
#include "key_package_directory.h"
#include "zt/crypto/random.h"
#include "zt/mls/mls_message.h"
#include "zt/mls/public_group.h"

namespace zt::delivery {
namespace {

constexpr int kNumberAttempts = 8;

void check_group_info(const NewGroup& g, uint16_t suite) {
  if (g.group_info.empty()) {
    throw DeliveryError::invalid_argument(
        "group_info is required: the creator's signed GroupInfo of epoch 0 with "
        "its ratchet_tree extension");
  }
  if (g.group_info.size() > kMaxGroupInfoBytes)
    throw DeliveryError::invalid_argument("group_info is too large");
  auto m = mls::decode<mls::MlsMessage>(g.group_info);
  if (!m)
    throw DeliveryError::invalid_argument("group_info is not an MLSMessage: " +
                                          m.error().to_string());
  const auto* info = std::get_if<mls::GroupInfo>(&m->message);
  if (info == nullptr)
    throw DeliveryError::invalid_argument("group_info must be an MLSMessage carrying a GroupInfo");
  const auto& ctx = info->group_context;
  if (ctx.group_id != g.group_id)
    throw DeliveryError::invalid_argument("group_info is for another group_id");
  if (ctx.epoch != 0)
    throw DeliveryError::invalid_argument("a new group's group_info must be for epoch 0");
  if (ctx.cipher_suite != suite)
    throw DeliveryError::invalid_argument("group_info uses another cipher suite");
  try {
    mls::PublicGroup::create(
        *m);  // the public view starts here: signature, one-leaf tree, creation rules
  } catch (const std::exception& e) {
    throw DeliveryError::invalid_argument(std::string("group_info refused: ") + e.what());
  }
}

}  // namespace

void check_group_id(BytesView group_id) {
  if (group_id.empty() || group_id.size() > kMaxGroupIdBytes) {
    throw DeliveryError::invalid_argument("group_id must be 1..255 bytes");
  }
}

MeetingNumberSource random_meeting_numbers() {
  return [] {
    Bytes b = crypto::SystemRandom::instance().bytes(8);
    uint64_t v = 0;
    for (uint8_t x : b) v = (v << 8) | x;
    return 1'000'000'000ULL + v % 9'000'000'000ULL;
  };
}

GroupRecord GroupRegistry::create(const Caller& caller, const NewGroup& request) {
  check_group_id(request.group_id);
  uint16_t suite = checked_suite(request.cipher_suite);
  if (!request.type)
    throw DeliveryError::invalid_argument(
        "type must be MEETING_TYPE_E2EE or MEETING_TYPE_STANDARD");
  if (!request.kind)
    throw DeliveryError::invalid_argument(
        "kind must be a scheduled meeting, a personal room or a call");
  check_group_info(request, suite);
  GroupRecord g;
  g.group_id = request.group_id;
  g.cipher_suite = suite;
  g.type = *request.type;
  g.kind = *request.kind;
  g.org_id = caller.org_id;
  g.host_device_id = caller.device_id;
  g.host_user_id = caller.user_id;
  g.group_info = request.group_info;
  for (int attempt = 0; attempt < kNumberAttempts; ++attempt) {
    if (g.kind != GroupKind::kCall) g.meeting_number = numbers_();
    switch (store_.create_group(g)) {
      case CreateOutcome::kCreated:
        return g;
      case CreateOutcome::kGroupExists:
        throw DeliveryError::already_exists("a group with this group_id exists");
      case CreateOutcome::kNumberTaken:
        break;
    }
  }
  throw std::runtime_error("no free meeting number after several attempts");
}

GroupRecord GroupRegistry::member_view(const Caller& caller, BytesView group_id) {
  check_group_id(group_id);
  auto g = store_.find_group(group_id);
  if (!g) throw DeliveryError::not_found("no such group");
  if (!store_.is_member(group_id, caller.device_id)) {
    throw DeliveryError::permission_denied("this device is not a member of the group");
  }
  return std::move(*g);
}

GroupRecord GroupRegistry::joinable_view(const Caller& caller, BytesView group_id) {
  check_group_id(group_id);
  auto g = store_.find_group(group_id);
  if (!g || (g->org_id != caller.org_id && !store_.is_member(group_id, caller.device_id)))
    throw DeliveryError::not_found("no such group");
  return std::move(*g);
}

GroupRecord GroupRegistry::lookup_meeting(const Caller& caller, uint64_t meeting_number) {
  auto g = store_.find_meeting(meeting_number);
  if (!g || g->org_id != caller.org_id)
    throw DeliveryError::not_found("no meeting with this number");
  return std::move(*g);
}

}  // namespace zt::delivery
