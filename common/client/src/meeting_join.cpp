// Joining a meeting by its number: from a Welcome (claim-based or batched),
// or by external commit.
#include "meeting_internal.h"
#include "zt/client/meeting.h"

namespace zt::client {

using detail::str;

namespace {

struct ReceivedWelcome {
  Bytes welcome;
  uint64_t sequence = 0;  // of the commit that added us (0: not known)
};

// The first Welcome for `group_id` the DS routes to this device.
ReceivedWelcome wait_for_welcome(Device& device, const Bytes& group_id,
                                 std::chrono::milliseconds wait) {
  auto ds = device.delivery();
  auto ctx = ds.context(wait);
  auto reader = ds.stub().SubscribeWelcomes(ctx.get(), dsv1::SubscribeWelcomesRequest{});
  dsv1::WelcomeMessage w;
  while (reader->Read(&w)) {
    if (w.group_id() != str(group_id)) continue;
    // A Welcome of an earlier membership names a package this profile used already.
    if (!w.key_package_ref().empty() && !device.published_bundle(as_bytes(w.key_package_ref()))) continue;
    ctx->TryCancel();
    reader->Finish();
    return {detail::bytes(w.welcome()), w.sequence()};
  }
  grpc::Status st = reader->Finish();
  if (st.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    throw ClientError::usage("no Welcome for this meeting within " + std::to_string(wait.count() / 1000) +
                             " s: a member must add this device (`meeting add DEVICE`)");
  }
  DeliverySession::check(st);
  throw ClientError::protocol("delivery: the Welcome stream ended without a Welcome");
}

}  // namespace

Meeting Meeting::join(Device& device, const JoinParams& p) {
  if (auto existing = device.profile().load_meeting(); existing && existing->status == MeetingStatus::kActive)
    throw ClientError::usage("this profile is in meeting " + std::to_string(existing->meeting_number) +
                             ": `meeting leave` first");
  auto ds = device.delivery();
  dsv1::LookupMeetingRequest lookup;
  lookup.set_meeting_number(p.meeting_number);
  dsv1::Group info = ds.call(&dsv1::Delivery::Stub::LookupMeeting, lookup);
  Meeting m(device, {}, std::nullopt);
  m.state_.group_id = detail::bytes(info.group_id());
  m.state_.meeting_number = info.meeting_number();
  m.state_.type = static_cast<uint8_t>(info.type());

  if (p.mode == JoinMode::kExternal) {
    dsv1::GetGroupInfoRequest req;
    req.set_group_id(info.group_id());
    auto gi = ds.call(&dsv1::Delivery::Stub::GetGroupInfo, req);
    auto group_info = detail::decode_message(gi.group_info(), "delivery: the GroupInfo");
    mls::Group::ExternalJoin joined = [&] {
      try {
        return mls::Group::join_external(group_info, device.new_bundle(), std::nullopt, m.options());
      } catch (const mls::Error& e) {
        throw ClientError::protocol("the meeting's GroupInfo was refused: " + detail::describe(e));
      }
    }();
    m.group_ = std::move(joined.group);
    dsv1::SendCommitRequest commit;
    commit.set_group_id(info.group_id());
    commit.set_commit(str(mls::encode(joined.commit)));
    commit.set_group_info(str(mls::encode(m.group_->group_info())));
    auto sent = ds.call(&dsv1::Delivery::Stub::SendCommit, commit);
    m.state_.last_sequence = sent.sequence();
    m.state_.joined_epoch = m.group_->epoch();
    m.save();
    return m;
  }

  if (p.mode == JoinMode::kBatched) {
    auto bundle = device.new_bundle();
    device.remember_bundle(bundle);
    dsv1::RequestJoinRequest req;
    req.set_group_id(info.group_id());
    req.set_key_package(str(mls::encode(bundle.key_package)));
    ds.call(&dsv1::Delivery::Stub::RequestJoin, req);
  }
  ReceivedWelcome w = p.welcome ? ReceivedWelcome{*p.welcome, 0}
                                : wait_for_welcome(device, m.state_.group_id, p.wait);
  auto msg = detail::decode_message(str(w.welcome), "the Welcome");
  const auto* welcome = std::get_if<mls::Welcome>(&msg.message);
  if (!welcome) throw ClientError::protocol("the Welcome is an MLSMessage of another kind");
  std::optional<mls::KeyPackageBundle> mine;
  Bytes ref;
  for (const auto& secrets : welcome->secrets) {
    if ((mine = device.published_bundle(secrets.new_member))) {
      ref = secrets.new_member;
      break;
    }
  }
  if (!mine) {
    throw ClientError::protocol("the Welcome is not for this device: it names none of the " 
                                "KeyPackages this profile published");
  }
  try {
    m.group_ = mls::Group::join(msg, *mine, std::nullopt, m.options());
  } catch (const mls::Error& e) {
    throw ClientError::protocol("the Welcome was refused: " + detail::describe(e));
  }
  if (m.group_->group_id() != m.state_.group_id)
    throw ClientError::protocol("the Welcome is for another group than meeting " + std::to_string(p.meeting_number));
  m.state_.last_sequence = w.sequence;
  m.state_.joined_epoch = m.group_->epoch();
  device.forget_bundle(ref);
  m.save();
  return m;
}

}  // namespace zt::client
