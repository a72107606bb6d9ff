#include "joining.h"

#include "delivery_error.h"
#include "device_identity.h"
#include "key_package_directory.h"
#include "zt/log/log.h"
#include "zt/mls/tls_codec.h"

namespace zt::delivery {
namespace {

constexpr int kAttempts = 4;  // a commit may win the epoch between the read and the append

std::string reason_of(const DeliveryError& e) {
  switch (e.code()) {
    case ErrorCode::kPermissionDenied:
      return "permission_denied";
    case ErrorCode::kNotFound:
      return "no_group";
    case ErrorCode::kAlreadyExists:
      return "already_member";
    case ErrorCode::kFailedPrecondition:
      return "no_external_sender";
    case ErrorCode::kEpochMismatch:
      return "wrong_epoch";
    default:
      return "malformed";
  }
}

template <class Fn>
auto counted(DeliveryMetrics* metrics, const char* request, Fn&& fn) {
  try {
    auto out = fn();
    if (metrics) metrics->join(request, "accepted", "none");
    return out;
  } catch (const DeliveryError& e) {
    if (metrics) metrics->join(request, "rejected", reason_of(e));
    throw;
  }
}

mls::KeyPackage decode_key_package(BytesView bytes) {
  if (bytes.empty()) throw DeliveryError::invalid_argument("key_package is empty");
  if (bytes.size() > kMaxKeyPackageBytes)
    throw DeliveryError::invalid_argument("key_package is larger than " +
                                          std::to_string(kMaxKeyPackageBytes) + " bytes");
  auto kp = mls::decode<mls::KeyPackage>(bytes);
  if (!kp)
    throw DeliveryError::invalid_argument("key_package is not a KeyPackage: " +
                                          kp.error().to_string());
  return std::move(*kp);
}

}  // namespace

GroupInfoView Joining::group_info(const Caller& caller, BytesView group_id) {
  return counted(metrics_, "group_info", [&] {
    GroupRecord g = groups_.joinable_view(caller, group_id);
    if (g.group_info.empty()) throw DeliveryError::not_found("the group has no GroupInfo yet");
    return GroupInfoView{g.group_info, g.epoch};
  });
}

uint32_t Joining::sender_index(const GroupRecord& group) {
  std::optional<uint32_t> index;
  check_.views().read(group, [&](const mls::PublicGroup& view) {
    const mls::Extension* ext =
        mls::find_extension(view.context().extensions, mls::kExtensionExternalSenders);
    if (ext == nullptr) return;
    auto senders = mls::decode<mls::ExternalSenders>(ext->extension_data);
    if (!senders) return;
    for (uint32_t i = 0; i < senders->size(); ++i) {
      if ((*senders)[i].signature_key == signer_.public_key()) index = i;
    }
  });
  if (!index) {
    throw DeliveryError{ErrorCode::kFailedPrecondition,
                        "batched joins: the group's external_senders extension does not list the "
                        "Delivery Service (GetExternalSender)"};
  }
  return *index;
}

uint64_t Joining::propose(const GroupRecord& group, const JoinRequest& request) {
  mls::Proposal proposal;
  if (request.kind == JoinKind::kJoin) {
    proposal.value = mls::Add{decode_key_package(request.key_package)};
  } else {
    auto leaf = check_.leaf_of(group, request.device_id);
    if (!leaf) throw DeliveryError::permission_denied("the device has no leaf in the group");
    proposal.value = mls::Remove{*leaf};
  }
  mls::MlsMessage m = signer_.propose(group.cipher_suite, group.group_id, group.epoch,
                                      sender_index(group), std::move(proposal));
  uint64_t seq = log_.append_external_proposal(group, request.device_id, m);
  store_.set_proposal_sequence(group.group_id, request.device_id, seq);
  return seq;
}

std::optional<uint64_t> Joining::propose_claimed(const GroupRecord& group,
                                                 const JoinRequest& request) {
  if (!store_.claim_proposal(group.group_id, request.device_id, group.epoch)) return std::nullopt;
  try {
    return propose(group, request);
  } catch (const DeliveryError& e) {
    if (e.code() != ErrorCode::kEpochMismatch) {
      store_.delete_join_request(group.group_id, request.device_id);
    }  // else: claimed for an epoch that is gone; the next epoch claims again
    throw;
  }
}

uint64_t Joining::submit(const Caller& caller, JoinRequest request,
                         const std::function<GroupRecord()>& read_group) {
  GroupRecord group = read_group();
  for (const JoinRequest& r : store_.join_requests(group.group_id)) {
    if (r.device_id == caller.device_id && r.kind == request.kind &&
        r.key_package == request.key_package && r.proposed_epoch == group.epoch &&
        r.proposal_sequence) {
      return *r.proposal_sequence;  // asked again: the proposal of this epoch stands
    }
  }
  store_.put_join_request(request);
  for (int attempt = 1;; ++attempt) {
    try {
      if (auto seq = propose_claimed(group, request)) return *seq;
      throw DeliveryError::already_exists(
          "a request of this device for this group is being proposed: ask again");
    } catch (const DeliveryError& e) {
      if (e.code() != ErrorCode::kEpochMismatch || attempt == kAttempts) throw;
      group = read_group();
    }
  }
}

uint64_t Joining::request_join(const Caller& caller, BytesView group_id, BytesView key_package) {
  return counted(metrics_, "join", [&] {
    GroupRecord group = groups_.joinable_view(caller, group_id);
    mls::KeyPackage kp = decode_key_package(key_package);
    if (device_of(kp.leaf_node, check_.views().clock()) != caller.device_id)
      throw DeliveryError::invalid_argument(
          "key_package: the credential does not name the calling device");
    if (store_.is_member(group_id, caller.device_id))
      throw DeliveryError::already_exists("this device is already a member of the group");
    sender_index(group);  // FAILED_PRECONDITION before anything is stored
    JoinRequest request{group.group_id, caller.device_id, JoinKind::kJoin,
                        Bytes(key_package.begin(), key_package.end()), std::nullopt, std::nullopt};
    return submit(caller, std::move(request),
                  [&] { return groups_.joinable_view(caller, group_id); });
  });
}

uint64_t Joining::request_leave(const Caller& caller, BytesView group_id) {
  return counted(metrics_, "leave", [&] {
    GroupRecord group = groups_.member_view(caller, group_id);
    sender_index(group);
    JoinRequest request{group.group_id, caller.device_id, JoinKind::kLeave, {}, std::nullopt,
                        std::nullopt};
    return submit(caller, std::move(request),
                  [&] { return groups_.member_view(caller, group_id); });
  });
}

void Joining::reissue(BytesView group_id) {
  try {
    auto group = store_.find_group(group_id);
    if (!group) return;
    for (const JoinRequest& r : store_.join_requests(group_id)) {
      bool member = store_.is_member(group_id, r.device_id);
      if ((r.kind == JoinKind::kJoin) == member) {
        store_.delete_join_request(group_id, r.device_id);
        continue;
      }
      if (r.proposed_epoch && *r.proposed_epoch >= group->epoch) continue;
      try {
        propose_claimed(*group, r);
      } catch (const DeliveryError& e) {
        if (e.code() == ErrorCode::kEpochMismatch) return;  // the next commit reissues
        // The request can no longer be done (an expired KeyPackage, a key now in the tree).
        log::warn("batched join dropped",
                  {log::field("device_id", r.device_id), log::field("reason", reason_of(e))});
      }
    }
  } catch (const std::exception& e) {
    log::warn("batched joins: reissue failed", {log::field("error", e.what())});
  }
}

}  // namespace zt::delivery
