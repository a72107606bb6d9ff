// Reading the group log in order, and committing (add, remove, pending
// proposals) with a rebase when another member won the epoch.
#include "meeting_internal.h"
#include "zt/client/meeting.h"

namespace zt::client {

using detail::str;

namespace {

constexpr int kCommitAttempts = 4;

bool is_refusal(const ClientError& e, const char* status) {
  return e.kind() == ErrorKind::kRefused && e.status() == status;
}

}  // namespace

void Meeting::process(const dsv1::GroupMessage& m, SyncResult& r) {
  ++r.processed;
  const bool mine = m.sender_device_id() == device_->profile().config().device_id;
  auto reject = [&](const std::string& why) {
    ++r.rejected;
    r.rejections.push_back("#" + std::to_string(m.sequence()) + ": " + why);
  };
  std::optional<mls::MlsMessage> msg;
  try {
    msg = detail::decode_message(m.message(), "the message");
  } catch (const ClientError& e) {
    return reject(e.what());
  }
  mls::Group& g = group();
  if (m.epoch() < state_.joined_epoch) return;  // from before this device joined
  if (m.kind() == dsv1::MESSAGE_KIND_COMMIT) {
    if (m.epoch() < g.epoch()) return;  // applied already (ours), or from before we joined
    if (mine && m.epoch() == g.epoch()) {
      throw ClientError::profile("the group log holds commit #" + std::to_string(m.sequence()) +
                                 " of this device for epoch " + std::to_string(m.epoch()) +
                                 " that this profile never applied: the profile is stale "
                                 "(restored from an older copy?)");
    }
  } else if (m.kind() == dsv1::MESSAGE_KIND_PROPOSAL) {
    if (m.epoch() != g.epoch()) return;  // proposals live for one epoch
  } else if (mine || m.epoch() + 3 < g.epoch()) {
    return;  // our own application messages are stored when sent
  }
  try {
    mls::Received got = g.handle(*msg);
    if (auto* c = std::get_if<mls::AppliedCommit>(&got)) {
      ++r.commits;
      if (c->removed_self) {
        r.removed = true;
        state_.status = MeetingStatus::kRemoved;
        group_.reset();
      }
    } else if (std::holds_alternative<mls::ReceivedProposal>(got)) {
      ++r.proposals;
    } else {
      auto& app = std::get<mls::ReceivedApplication>(got);
      Envelope e = decode_envelope(app.data);
      state_.messages.push_back({m.sequence(), app.epoch, detail::bytes(identity_of(app.sender)),
                                 mls::encode(e)});
      ++r.messages;
    }
  } catch (const mls::Error& e) {
    reject(detail::describe(e));
  } catch (const ClientError& e) {
    reject(e.what());
  }
}

uint64_t Meeting::read_log(uint64_t until, SyncResult& r) {
  auto ds = device_->delivery();
  auto ctx = ds.context(std::chrono::seconds(30));
  dsv1::SubscribeRequest req;
  req.set_group_id(str(state_.group_id));
  req.set_from_sequence(state_.last_sequence);
  auto reader = ds.stub().Subscribe(ctx.get(), req);
  dsv1::GroupMessage m;
  while (state_.last_sequence < until && group_ && reader->Read(&m)) {
    if (m.sequence() <= state_.last_sequence) continue;
    process(m, r);
    state_.last_sequence = m.sequence();
  }
  ctx->TryCancel();
  grpc::Status st = reader->Finish();
  if (state_.last_sequence < until && group_) DeliverySession::check(st);
  return state_.last_sequence;
}

SyncResult Meeting::sync() {
  SyncResult r;
  if (state_.status != MeetingStatus::kActive)
    throw ClientError::usage("this device is no longer in meeting " + std::to_string(state_.meeting_number));
  auto ds = device_->delivery();
  dsv1::GetGroupRequest req;
  req.set_group_id(str(state_.group_id));
  uint64_t last = ds.call(&dsv1::Delivery::Stub::GetGroup, req).last_sequence();
  if (last > state_.last_sequence) read_log(last, r);
  save();
  if (group_ && group_->pending_proposal_count() > 0) {
    try {
      commit_and_send({});
      r.committed_pending = true;
    } catch (const mls::Error&) {
      // e.g. a proposal that removes this device: another member commits it
    } catch (const ClientError& e) {
      if (!is_refusal(e, "ABORTED")) throw;
    }
  }
  r.epoch = group_ ? group_->epoch() : 0;
  r.last_sequence = state_.last_sequence;
  return r;
}

AddResult Meeting::commit_and_send(const std::vector<mls::Proposal>& proposals) {
  for (int attempt = 1;; ++attempt) {
    mls::CommitOptions opts;
    opts.proposals = proposals;
    mls::CommitResult c = group().commit(opts);
    group().merge_pending_commit();
    dsv1::SendCommitRequest req;
    req.set_group_id(str(state_.group_id));
    req.set_commit(str(mls::encode(c.commit)));
    if (c.welcome) req.set_welcome(str(mls::encode(*c.welcome)));
    req.set_group_info(str(mls::encode(group().group_info())));
    try {
      auto ds = device_->delivery();
      auto resp = ds.call(&dsv1::Delivery::Stub::SendCommit, req);
      save();
      return {resp.sequence(), resp.epoch(), c.welcome ? mls::encode(*c.welcome) : Bytes{}};
    } catch (const ClientError& e) {
      restore_saved();  // the commit lost: back to the saved epoch
      if (!is_refusal(e, "ABORTED") || attempt == kCommitAttempts) throw;
      SyncResult ignored;
      dsv1::GetGroupRequest g;
      g.set_group_id(str(state_.group_id));
      auto ds = device_->delivery();
      read_log(ds.call(&dsv1::Delivery::Stub::GetGroup, g).last_sequence(), ignored);
      save();
    }
  }
}

AddResult Meeting::add(const std::string& device_id) {
  sync();
  auto ds = device_->delivery();
  dsv1::ClaimKeyPackageRequest req;
  req.set_device_id(device_id);
  req.set_cipher_suite(kCipherSuite);
  auto claimed = ds.call(&dsv1::Delivery::Stub::ClaimKeyPackage, req);
  auto kp = mls::decode<mls::KeyPackage>(as_bytes(claimed.key_package()));
  if (!kp) throw ClientError::protocol("delivery: the claimed KeyPackage does not decode");
  try {
    return commit_and_send({mls::Proposal{mls::Add{std::move(*kp)}}});
  } catch (const mls::Error& e) {
    restore_saved();
    throw ClientError::protocol("the claimed KeyPackage of " + device_id +
                                " was refused: " + detail::describe(e));
  }
}

AddResult Meeting::remove(const std::string& device_id) {
  sync();
  for (const MemberView& m : roster()) {
    if (m.identity.size() < device_id.size() + 1 ||
        m.identity.compare(m.identity.size() - device_id.size(), device_id.size(), device_id) != 0 ||
        m.identity[m.identity.size() - device_id.size() - 1] != '/')
      continue;
    if (m.self) throw ClientError::usage("a member cannot remove itself: `meeting leave`");
    return commit_and_send({mls::Proposal{mls::Remove{m.leaf}}});
  }
  throw ClientError::usage("device " + device_id + " is not in this meeting's roster");
}

}  // namespace zt::client
