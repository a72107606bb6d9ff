#include "delivery_grpc_service.h"

#include "delivery_error.h"
#include "grpc_status.h"
#include "welcome_stream.h"
#include "zt/log/log.h"
#include "zt/mls/tls_codec.h"
#include "zt/pg/pool.h"

namespace zt::delivery {
namespace {

Bytes bytes_of(const std::string& s) { return Bytes(s.begin(), s.end()); }
std::string string_of(BytesView b) { return std::string(b.begin(), b.end()); }

std::optional<MeetingType> type_of(v1::MeetingType t) {
  switch (t) {
    case v1::MEETING_TYPE_E2EE:
      return MeetingType::kE2ee;
    case v1::MEETING_TYPE_STANDARD:
      return MeetingType::kStandard;
    default:
      return std::nullopt;
  }
}

std::optional<GroupKind> kind_of(v1::GroupKind k) {
  switch (k) {
    case v1::GROUP_KIND_SCHEDULED_MEETING:
      return GroupKind::kScheduledMeeting;
    case v1::GROUP_KIND_PERSONAL_ROOM:
      return GroupKind::kPersonalRoom;
    case v1::GROUP_KIND_CALL:
      return GroupKind::kCall;
    default:
      return std::nullopt;
  }
}

void to_proto(const GroupRecord& g, v1::Group* out) {
  out->set_group_id(string_of(g.group_id));
  out->set_cipher_suite(g.cipher_suite);
  out->set_type(g.type == MeetingType::kE2ee ? v1::MEETING_TYPE_E2EE : v1::MEETING_TYPE_STANDARD);
  out->set_kind(g.kind == GroupKind::kCall           ? v1::GROUP_KIND_CALL
                : g.kind == GroupKind::kPersonalRoom ? v1::GROUP_KIND_PERSONAL_ROOM
                                                     : v1::GROUP_KIND_SCHEDULED_MEETING);
  out->set_org_id(g.org_id);
  out->set_host_device_id(g.host_device_id);
  out->set_host_user_id(g.host_user_id);
  out->set_meeting_number(g.meeting_number.value_or(0));
  out->set_epoch(g.epoch);
  out->set_last_sequence(g.last_sequence);
}

}  // namespace

template <class Fn>
grpc::Status DeliveryGrpcService::handle(grpc::ServerContext* ctx, Fn&& fn) {
  try {
    Caller caller = deps_.auth.authenticate(*ctx);
    fn(caller);
    return grpc::Status::OK;
  } catch (const DeliveryError& e) {
    return to_status(e, ctx);
  } catch (const pqxx::broken_connection&) {
    return {grpc::StatusCode::UNAVAILABLE, "storage unavailable: retry"};
  } catch (const pg::PoolError&) {
    return {grpc::StatusCode::UNAVAILABLE, "storage unavailable: retry"};
  } catch (const std::exception& e) {
    log::error("delivery rpc failed", {log::field("error", e.what())});
    return {grpc::StatusCode::INTERNAL, "internal error"};
  }
}

grpc::Status DeliveryGrpcService::UploadKeyPackages(grpc::ServerContext* ctx,
                                                    const v1::UploadKeyPackagesRequest* req,
                                                    v1::UploadKeyPackagesResponse* out) {
  return handle(ctx, [&](const Caller& caller) {
    std::vector<Bytes> packages;
    for (const auto& kp : req->key_packages()) packages.push_back(bytes_of(kp));
    UploadResult r = deps_.directory.upload(caller, req->cipher_suite(), packages);
    for (const auto& ref : r.refs) out->add_refs(string_of(ref));
    out->set_available(r.count.available);
  });
}

grpc::Status DeliveryGrpcService::ClaimKeyPackage(grpc::ServerContext* ctx,
                                                  const v1::ClaimKeyPackageRequest* req,
                                                  v1::ClaimKeyPackageResponse* out) {
  return handle(ctx, [&](const Caller& caller) {
    ClaimedKeyPackage c = deps_.directory.claim(caller, req->device_id(), req->cipher_suite());
    out->set_key_package(string_of(c.key_package));
    out->set_ref(string_of(c.ref));
    out->set_last_resort(c.last_resort);
  });
}

grpc::Status DeliveryGrpcService::CountKeyPackages(grpc::ServerContext* ctx,
                                                   const v1::CountKeyPackagesRequest* req,
                                                   v1::CountKeyPackagesResponse* out) {
  return handle(ctx, [&](const Caller& caller) {
    KeyPackageCount c = deps_.directory.count(caller, req->cipher_suite());
    out->set_available(c.available);
    out->set_has_last_resort(c.has_last_resort);
  });
}

grpc::Status DeliveryGrpcService::GetExternalSender(grpc::ServerContext* ctx,
                                                    const v1::GetExternalSenderRequest* req,
                                                    v1::ExternalSender* out) {
  return handle(ctx, [&](const Caller&) {
    uint16_t suite = checked_suite(req->cipher_suite());
    mls::ExternalSender sender = deps_.signer.external_sender(suite);
    out->set_cipher_suite(suite);
    out->set_signature_key(string_of(sender.signature_key));
    out->set_credential(string_of(mls::encode(sender.credential)));
    out->set_external_sender(string_of(mls::encode(sender)));
  });
}

grpc::Status DeliveryGrpcService::CreateGroup(grpc::ServerContext* ctx,
                                              const v1::CreateGroupRequest* req, v1::Group* out) {
  return handle(ctx, [&](const Caller& caller) {
    NewGroup g{bytes_of(req->group_id()), req->cipher_suite(), type_of(req->type()),
               kind_of(req->kind()), bytes_of(req->group_info())};
    if (g.type && g.kind) deps_.policy.check_create(caller, *g.type, *g.kind);
    to_proto(deps_.groups.create(caller, g), out);
  });
}

grpc::Status DeliveryGrpcService::GetGroup(grpc::ServerContext* ctx, const v1::GetGroupRequest* req,
                                           v1::Group* out) {
  return handle(ctx, [&](const Caller& caller) {
    to_proto(deps_.groups.member_view(caller, bytes_of(req->group_id())), out);
  });
}

grpc::Status DeliveryGrpcService::LookupMeeting(grpc::ServerContext* ctx,
                                                const v1::LookupMeetingRequest* req,
                                                v1::Group* out) {
  return handle(ctx, [&](const Caller& caller) {
    to_proto(deps_.groups.lookup_meeting(caller, req->meeting_number()), out);
  });
}

grpc::Status DeliveryGrpcService::SendCommit(grpc::ServerContext* ctx,
                                             const v1::SendCommitRequest* req,
                                             v1::SendCommitResponse* out) {
  return handle(ctx, [&](const Caller& caller) {
    CommitBundle b{bytes_of(req->group_id()), bytes_of(req->commit()), bytes_of(req->welcome()),
                   bytes_of(req->group_info())};
    CommitResult r = deps_.log.send_commit(caller, b);
    out->set_sequence(r.sequence);
    out->set_epoch(r.epoch);
    out->set_duplicate(r.duplicate);
  });
}

grpc::Status DeliveryGrpcService::SendProposal(grpc::ServerContext* ctx,
                                               const v1::SendProposalRequest* req,
                                               v1::SendMessageResponse* out) {
  return handle(ctx, [&](const Caller& caller) {
    out->set_sequence(
        deps_.log.send_proposal(caller, bytes_of(req->group_id()), bytes_of(req->proposal())));
  });
}

grpc::Status DeliveryGrpcService::SendApplicationMessage(
    grpc::ServerContext* ctx, const v1::SendApplicationMessageRequest* req,
    v1::SendMessageResponse* out) {
  return handle(ctx, [&](const Caller& caller) {
    out->set_sequence(
        deps_.log.send_application(caller, bytes_of(req->group_id()), bytes_of(req->message())));
  });
}

grpc::ServerWriteReactor<v1::GroupMessage>* DeliveryGrpcService::Subscribe(
    grpc::CallbackServerContext* ctx, const v1::SubscribeRequest* req) {
  return SubscribeStream::start(deps_.streams, ctx, req);
}

grpc::ServerWriteReactor<v1::WelcomeMessage>* DeliveryGrpcService::SubscribeWelcomes(
    grpc::CallbackServerContext* ctx, const v1::SubscribeWelcomesRequest*) {
  return WelcomeStream::start(deps_.streams, ctx);
}

grpc::Status DeliveryGrpcService::GetGroupInfo(grpc::ServerContext* ctx,
                                               const v1::GetGroupInfoRequest* req,
                                               v1::GroupInfoResponse* out) {
  return handle(ctx, [&](const Caller& caller) {
    // An external join starts here: the meeting policy answers first.
    deps_.policy.check_join(deps_.groups.joinable_view(caller, bytes_of(req->group_id())),
                            caller.device_id);
    GroupInfoView v = deps_.joining.group_info(caller, bytes_of(req->group_id()));
    out->set_group_info(string_of(v.group_info));
    out->set_epoch(v.epoch);
  });
}

grpc::Status DeliveryGrpcService::RequestJoin(grpc::ServerContext* ctx,
                                              const v1::RequestJoinRequest* req,
                                              v1::RequestJoinResponse* out) {
  return handle(ctx, [&](const Caller& caller) {
    // Refused before the DS proposes the Add (a member's batch commit would fail on it).
    deps_.policy.check_join(deps_.groups.joinable_view(caller, bytes_of(req->group_id())),
                            caller.device_id);
    out->set_proposal_sequence(deps_.joining.request_join(caller, bytes_of(req->group_id()),
                                                          bytes_of(req->key_package())));
  });
}

grpc::Status DeliveryGrpcService::RequestLeave(grpc::ServerContext* ctx,
                                               const v1::RequestLeaveRequest* req,
                                               v1::RequestLeaveResponse* out) {
  return handle(ctx, [&](const Caller& caller) {
    out->set_proposal_sequence(deps_.joining.request_leave(caller, bytes_of(req->group_id())));
  });
}

grpc::Status DeliveryGrpcService::RequestFeature(grpc::ServerContext* ctx,
                                                 const v1::RequestFeatureRequest* req,
                                                 v1::RequestFeatureResponse* out) {
  return handle(ctx, [&](const Caller& caller) {
    const FeatureRule& feature = MeetingPolicy::requested_feature(req->feature());
    GroupRecord g = deps_.groups.member_view(caller, bytes_of(req->group_id()));
    deps_.policy.check_feature(g, feature);
    out->set_allowed(true);
  });
}

grpc::Status DeliveryGrpcService::RequestMediaGrant(grpc::ServerContext* ctx,
                                                    const v1::RequestMediaGrantRequest* req,
                                                    v1::MediaGrant* out) {
  return handle(ctx, [&](const Caller& caller) {
    IssuedGrant g = deps_.grants.issue(caller, bytes_of(req->group_id()));
    out->set_token(g.token);
    out->set_expires_at_unix(std::chrono::duration_cast<std::chrono::seconds>(
                                 g.claims.expires_at.time_since_epoch())
                                 .count());
    out->set_meeting_id(g.claims.meeting);
    out->set_leaf_index(g.claims.leaf_index);
  });
}

grpc::Status DeliveryGrpcService::GetGrantKeys(grpc::ServerContext* ctx,
                                               const v1::GetGrantKeysRequest*, v1::GrantKeys* out) {
  return handle(ctx, [&](const Caller&) { out->set_jwks_json(deps_.grants.jwks_json()); });
}

}  // namespace zt::delivery
