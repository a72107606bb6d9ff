#include "group_log.h"

#include "delivery_error.h"
#include "zt/crypto/hash.h"
#include "zt/mls/mls_message.h"
#include "zt/mls/tls_codec.h"

namespace zt::delivery {
namespace {

mls::MlsMessage decode_message(BytesView bytes, const char* field) {
  if (bytes.empty()) throw DeliveryError::invalid_argument(std::string(field) + " is empty");
  if (bytes.size() > kMaxMessageBytes) {
    throw DeliveryError::invalid_argument(std::string(field) + " is larger than " +
                                          std::to_string(kMaxMessageBytes) + " bytes");
  }
  auto m = mls::decode<mls::MlsMessage>(bytes);
  if (!m)
    throw DeliveryError::invalid_argument(std::string(field) +
                                          " is not an MLSMessage: " + m.error().to_string());
  return std::move(*m);
}

const mls::PublicMessage& commit_of(const mls::MlsMessage& m, BytesView group_id) {
  const auto* pm = std::get_if<mls::PublicMessage>(&m.message);
  if (pm == nullptr) {
    throw DeliveryError::invalid_argument(
        "commit must be an MLSMessage carrying a PublicMessage (handshake messages "
        "are public so the Delivery Service can check them)");
  }
  if (pm->content.content_type() != mls::ContentType::kCommit) {
    throw DeliveryError::invalid_argument("commit: the PublicMessage does not carry a Commit");
  }
  if (!std::equal(pm->content.group_id.begin(), pm->content.group_id.end(), group_id.begin(),
                  group_id.end())) {
    throw DeliveryError::invalid_argument("commit: the PublicMessage is for another group_id");
  }
  switch (pm->content.sender.type()) {
    case mls::SenderType::kMember:
    case mls::SenderType::kNewMemberCommit:
      return *pm;
    default:
      throw DeliveryError::invalid_argument(
          "commit: a commit's sender is a member or a new member");
  }
}

std::optional<mls::Welcome> check_welcome(BytesView bytes, const GroupRecord& group) {
  if (bytes.empty()) return std::nullopt;
  auto m = decode_message(bytes, "welcome");
  auto* w = std::get_if<mls::Welcome>(&m.message);
  if (w == nullptr)
    throw DeliveryError::invalid_argument("welcome must be an MLSMessage carrying a Welcome");
  if (w->cipher_suite != group.cipher_suite)
    throw DeliveryError::invalid_argument("welcome uses another cipher suite");
  if (w->secrets.empty()) throw DeliveryError::invalid_argument("welcome has no new member");
  return std::move(*w);
}

const mls::PublicMessage& proposal_of(const mls::MlsMessage& m, BytesView group_id) {
  const auto* pm = std::get_if<mls::PublicMessage>(&m.message);
  if (pm == nullptr || pm->content.content_type() != mls::ContentType::kProposal) {
    throw DeliveryError::invalid_argument(
        "proposal must be an MLSMessage carrying a PublicMessage with a Proposal");
  }
  if (!std::equal(pm->content.group_id.begin(), pm->content.group_id.end(), group_id.begin(),
                  group_id.end())) {
    throw DeliveryError::invalid_argument("proposal: the PublicMessage is for another group_id");
  }
  return *pm;
}

mls::MlsMessage decode_group_info(BytesView bytes, BytesView group_id, uint64_t new_epoch) {
  auto m = decode_message(bytes, "group_info");
  const auto* info = std::get_if<mls::GroupInfo>(&m.message);
  if (info == nullptr)
    throw DeliveryError::invalid_argument("group_info must be an MLSMessage carrying a GroupInfo");
  const auto& ctx = info->group_context;
  if (!std::equal(ctx.group_id.begin(), ctx.group_id.end(), group_id.begin(), group_id.end())) {
    throw DeliveryError::invalid_argument("group_info is for another group_id");
  }
  if (ctx.epoch != new_epoch) {
    throw DeliveryError::invalid_argument("group_info must be for the commit's new epoch " +
                                          std::to_string(new_epoch));
  }
  if (mls::find_extension(info->extensions, mls::kExtensionRatchetTree) == nullptr) {
    throw DeliveryError::invalid_argument(
        "group_info must carry the ratchet_tree extension (the Delivery Service "
        "checks the next commit against it)");
  }
  return m;
}

std::string reason_of(const DeliveryError& e) {
  switch (e.code()) {
    case ErrorCode::kEpochMismatch:
      return "wrong_epoch";
    case ErrorCode::kPermissionDenied:
      return "permission_denied";
    case ErrorCode::kNotFound:
      return "no_group";
    case ErrorCode::kUnimplemented:
      return "unimplemented";
    case ErrorCode::kFailedPrecondition:
      return "meeting_policy";
    case ErrorCode::kUnavailable:
      return "unavailable";
    default:
      return "malformed";
  }
}

}  // namespace

uint64_t GroupLog::send_application(const Caller& caller, BytesView group_id, BytesView message) {
  check_group_id(group_id);
  auto m = decode_message(message, "message");
  const auto* pm = std::get_if<mls::PrivateMessage>(&m.message);
  if (pm == nullptr || pm->content_type != mls::ContentType::kApplication) {
    throw DeliveryError::invalid_argument(
        "message must be an MLSMessage carrying a PrivateMessage of content type "
        "application");
  }
  if (!std::equal(pm->group_id.begin(), pm->group_id.end(), group_id.begin(), group_id.end())) {
    throw DeliveryError::invalid_argument("message: the PrivateMessage is for another group_id");
  }
  groups_.member_view(caller, group_id);
  auto seq = store_.append_message(group_id, pm->epoch, MessageKind::kApplication, caller.device_id,
                                   message);
  if (!seq) throw DeliveryError::not_found("no such group");
  if (metrics_) metrics_->messages.Add({{"kind", "application"}}).Increment();
  publish(group_id, LogEntry{*seq, pm->epoch, MessageKind::kApplication, caller.device_id,
                             Bytes(message.begin(), message.end())});
  return *seq;
}

CommitResult GroupLog::send_commit(const Caller& caller, const CommitBundle& bundle) {
  try {
    check_group_id(bundle.group_id);
    auto m = decode_message(bundle.commit, "commit");
    const mls::PublicMessage& pm = commit_of(m, bundle.group_id);
    const uint64_t epoch = pm.content.epoch;
    if (bundle.group_info.empty()) {
      throw DeliveryError::invalid_argument(
          "group_info is required: the committer's signed GroupInfo of the new "
          "epoch, with its ratchet_tree extension");
    }
    auto info = decode_group_info(bundle.group_info, bundle.group_id, epoch + 1);
    const bool external = pm.content.sender.type() == mls::SenderType::kNewMemberCommit;
    GroupRecord group = external ? groups_.joinable_view(caller, bundle.group_id)
                                 : groups_.member_view(caller, bundle.group_id);
    auto welcome = check_welcome(bundle.welcome, group);
    Bytes digest = crypto::hash(crypto::HashAlgorithm::kSha256, bundle.commit);
    if (epoch != group.epoch) return resent_or_refused(bundle.group_id, epoch, digest, group.epoch);
    CheckedCommit checked = check_.check(group, m, info, welcome);
    if (checked.committer_device != caller.device_id) {
      throw DeliveryError::permission_denied(
          external ? "external commit: the new leaf must be the calling device's"
                   : "commit: the committer's leaf is not the calling device's");
    }
    if (gate_) gate_(group, checked, info);
    CommitRecord record{bundle.group_id,
                        epoch,
                        caller.device_id,
                        bundle.commit,
                        digest,
                        bundle.welcome,
                        bundle.group_info,
                        checked.devices_added,
                        checked.devices_removed,
                        checked.welcome_to};
    CommitOutcome outcome = store_.append_commit(record);
    using Result = CommitOutcome::Result;
    switch (outcome.result) {
      case Result::kNoGroup:
        throw DeliveryError::not_found("no such group");
      case Result::kStale:
        throw DeliveryError::epoch_mismatch(epoch, outcome.current_epoch);
      case Result::kDuplicate:
        if (metrics_) metrics_->commit("duplicate", "resend");
        return {outcome.sequence, epoch + 1, true};
      case Result::kAccepted:
        break;
    }
    check_.accepted(bundle.group_id, outcome.sequence, checked);
    if (metrics_) {
      metrics_->commit("accepted", external ? "external" : "none");
      metrics_->messages.Add({{"kind", "commit"}}).Increment();
    }
    publish(bundle.group_id, LogEntry{outcome.sequence, epoch, MessageKind::kCommit,
                                      caller.device_id, bundle.commit});
    for (const auto& r : checked.welcome_to) fanout_.publish_welcome(r.device_id);
    if (on_commit_) on_commit_(bundle.group_id);
    return {outcome.sequence, outcome.current_epoch, false};
  } catch (const DeliveryError& e) {
    if (metrics_) metrics_->commit("rejected", reason_of(e));
    throw;
  }
}

CommitResult GroupLog::resent_or_refused(BytesView group_id, uint64_t epoch, const Bytes& digest,
                                         uint64_t current) {
  auto won = store_.find_commit(group_id, epoch);
  if (won && won->digest == digest) {
    if (metrics_) metrics_->commit("duplicate", "resend");
    return {won->sequence, epoch + 1, true};
  }
  throw DeliveryError::epoch_mismatch(epoch, current);
}

uint64_t GroupLog::send_proposal(const Caller& caller, BytesView group_id, BytesView bytes) {
  try {
    check_group_id(group_id);
    auto m = decode_message(bytes, "proposal");
    const mls::PublicMessage& pm = proposal_of(m, group_id);
    if (pm.content.sender.type() != mls::SenderType::kMember) {
      throw DeliveryError::invalid_argument(
          "proposal: SendProposal takes a member's proposal (a joiner uses RequestJoin or an "
          "external commit)");
    }
    GroupRecord group = groups_.member_view(caller, group_id);
    if (pm.content.epoch != group.epoch) {
      throw DeliveryError::epoch_mismatch(pm.content.epoch, group.epoch, "proposal");
    }
    check_.check_proposal(group, m);
    const uint32_t sender = std::get<mls::MemberSender>(pm.content.sender.value).leaf_index;
    if (check_.leaf_of(group, caller.device_id) != sender)
      throw DeliveryError::permission_denied("proposal: the sender leaf is not the calling device's");
    uint64_t seq = store_proposal(group, pm.content.epoch, caller.device_id, bytes);
    if (metrics_) metrics_->proposal("accepted", "member");
    return seq;
  } catch (const DeliveryError& e) {
    if (metrics_) metrics_->proposal("rejected", reason_of(e));
    throw;
  }
}

uint64_t GroupLog::append_external_proposal(const GroupRecord& group,
                                            const std::string& on_behalf_of,
                                            const mls::MlsMessage& proposal) {
  try {
    check_.check_proposal(group, proposal);
    uint64_t seq = store_proposal(group, group.epoch, on_behalf_of, mls::encode(proposal));
    if (metrics_) metrics_->proposal("accepted", "external");
    return seq;
  } catch (const DeliveryError& e) {
    if (metrics_) metrics_->proposal("rejected", reason_of(e));
    throw;
  }
}

uint64_t GroupLog::store_proposal(const GroupRecord& group, uint64_t epoch,
                                  const std::string& sender, BytesView bytes) {
  CommitOutcome outcome = store_.append_proposal(group.group_id, epoch, sender, bytes);
  using Result = CommitOutcome::Result;
  if (outcome.result == Result::kNoGroup) throw DeliveryError::not_found("no such group");
  if (outcome.result == Result::kStale)
    throw DeliveryError::epoch_mismatch(epoch, outcome.current_epoch, "proposal");
  if (metrics_) metrics_->messages.Add({{"kind", "proposal"}}).Increment();
  publish(group.group_id, LogEntry{outcome.sequence, epoch, MessageKind::kProposal, sender,
                                   Bytes(bytes.begin(), bytes.end())});
  return outcome.sequence;
}

void GroupLog::publish(BytesView group_id, const LogEntry& entry) {
  fanout_.publish(group_id, group_message(entry));
}

}  // namespace zt::delivery
