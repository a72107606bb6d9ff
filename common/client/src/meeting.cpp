#include "zt/client/meeting.h"

#include "meeting_internal.h"
#include "zt/base/clock.h"
#include "zt/base/utf8.h"
#include "zt/crypto/random.h"
#include "zt/mls/security_code.h"

namespace zt::client {

using detail::bytes;
using detail::str;

Meeting::Meeting(Device& device, MeetingState state, std::optional<mls::Group> group)
    : device_(&device), state_(std::move(state)), group_(std::move(group)) {}

mls::GroupOptions Meeting::options() const {
  mls::GroupOptions o;
  o.credentials = &device_->verifier();
  o.clock = &SystemClock::instance();
  return o;
}

const mls::Group& Meeting::group() const {
  if (!group_) throw ClientError::usage("this device is no longer in meeting " + std::to_string(state_.meeting_number));
  return *group_;
}
mls::Group& Meeting::group() {
  return const_cast<mls::Group&>(static_cast<const Meeting*>(this)->group());
}

void Meeting::save() {
  state_.group_state = group_ ? group_->serialize(device_->profile().mls_state_key().reveal()) : Bytes{};
  device_->profile().save_meeting(state_);
}

void Meeting::restore_saved() {
  auto saved = device_->profile().load_meeting();
  if (!saved) throw ClientError::profile("the meeting state vanished from the profile");
  state_ = std::move(*saved);
  group_.reset();
  if (state_.status == MeetingStatus::kActive && !state_.group_state.empty()) {
    try {
      group_ = mls::Group::restore(state_.group_state, device_->profile().mls_state_key().reveal(), options());
    } catch (const mls::Error& e) {
      throw ClientError::profile("the profile's MLS state does not restore: " + detail::describe(e));
    }
  }
}

Meeting Meeting::current(Device& device) {
  Meeting m(device, {}, std::nullopt);
  if (!device.profile().load_meeting())
    throw ClientError::usage("this profile is in no meeting: `meeting create` or `meeting join NUMBER`");
  m.restore_saved();
  return m;
}

Meeting Meeting::create(Device& device, dsv1::MeetingType type, bool personal_room) {
  if (auto existing = device.profile().load_meeting(); existing && existing->status == MeetingStatus::kActive)
    throw ClientError::usage("this profile is in meeting " + std::to_string(existing->meeting_number) +
                             ": `meeting leave` first");
  auto ds = device.delivery();
  dsv1::GetExternalSenderRequest sender_req;
  sender_req.set_cipher_suite(kCipherSuite);
  auto sender = ds.call(&dsv1::Delivery::Stub::GetExternalSender, sender_req);
  auto decoded = mls::decode<mls::ExternalSender>(as_bytes(sender.external_sender()));
  if (!decoded) throw ClientError::protocol("delivery: the external sender does not decode");
  mls::Extensions extensions{{mls::kExtensionExternalSenders,
                              mls::encode(std::vector<mls::ExternalSender>{std::move(*decoded)})}};
  Bytes group_id(16);
  crypto::SystemRandom::instance().fill(group_id);
  Meeting m(device, {}, std::nullopt);
  m.group_ = mls::Group::create(group_id, device.new_bundle(), std::move(extensions), m.options());
  dsv1::CreateGroupRequest req;
  req.set_group_id(str(group_id));
  req.set_cipher_suite(kCipherSuite);
  req.set_type(type);
  req.set_kind(personal_room ? dsv1::GROUP_KIND_PERSONAL_ROOM : dsv1::GROUP_KIND_SCHEDULED_MEETING);
  req.set_group_info(str(mls::encode(m.group_->group_info())));
  auto created = ds.call(&dsv1::Delivery::Stub::CreateGroup, req);
  m.state_.group_id = group_id;
  m.state_.meeting_number = created.meeting_number();
  m.state_.type = static_cast<uint8_t>(type);
  m.state_.last_sequence = created.last_sequence();
  m.save();
  return m;
}

std::string Meeting::identity_of(uint32_t leaf) const {
  for (const auto& member : roster())
    if (member.leaf == leaf) return member.identity;
  return "leaf " + std::to_string(leaf);
}

std::vector<MemberView> Meeting::roster() const {
  std::vector<MemberView> out;
  for (const mls::RosterEntry& e : group().roster()) {
    MemberView v;
    v.leaf = e.leaf;
    v.status = e.identity.status;
    v.certificate = e.identity.certificate;
    v.self = e.leaf == group().own_leaf();
    if (!e.identity.basic_identity.empty()) {
      v.identity = str(e.identity.basic_identity);
      if (!is_clean_utf8(e.identity.basic_identity)) v.identity = "basic:" + to_hex(e.identity.basic_identity);
    } else if (e.identity.certificate) {
      for (const auto& uri : e.identity.certificate->uri_sans)
        if (uri.find("/devices/") != std::string::npos) v.identity = uri;
      if (v.identity.empty()) v.identity = e.identity.certificate->subject;
    }
    out.push_back(std::move(v));
  }
  return out;
}

SecurityView Meeting::security() const {
  const mls::Group& g = group();
  return {e2ee(), g.epoch(), mls::security_code(g.epoch_authenticator()), g.roster().size()};
}

uint64_t Meeting::send(Envelope envelope) {
  if (envelope.sent_at_ms == 0) {
    envelope.sent_at_ms = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                    std::chrono::system_clock::now().time_since_epoch())
                                                    .count());
  }
  check_envelope(envelope);
  Bytes encoded = mls::encode(envelope);
  dsv1::SendApplicationMessageRequest req;
  req.set_group_id(str(state_.group_id));
  auto ds = device_->delivery();
  req.set_message(str(mls::encode(group().protect(encoded))));
  save();  // the ratchet moved: saved before sending, so no generation is ever used twice
  auto resp = ds.call(&dsv1::Delivery::Stub::SendApplicationMessage, req);
  state_.messages.push_back({resp.sequence(), group().epoch(), bytes(device_->identity()), encoded});
  save();
  return resp.sequence();
}

bool Meeting::request_feature(dsv1::Feature feature) {
  dsv1::RequestFeatureRequest req;
  req.set_group_id(str(state_.group_id));
  req.set_feature(feature);
  auto ds = device_->delivery();
  return ds.call(&dsv1::Delivery::Stub::RequestFeature, req).allowed();
}

void Meeting::leave() {
  group();  // refuses when already out
  dsv1::RequestLeaveRequest req;
  req.set_group_id(str(state_.group_id));
  auto ds = device_->delivery();
  ds.call(&dsv1::Delivery::Stub::RequestLeave, req);
  state_.status = MeetingStatus::kLeft;
  group_.reset();
  save();
}

}  // namespace zt::client
