// zt.delivery.v1.Delivery over the logic classes. Unary RPCs run on the
// server's threads (they block on PostgreSQL); Subscribe and
// SubscribeWelcomes are on the callback API (SubscribeStream,
// WelcomeStream), so open streams hold no thread. Every
// RPC authenticates first (Authenticator); a DeliveryError becomes its
// status once (grpc_status.h); anything else is INTERNAL without details.
#pragma once

#include "authenticator.h"
#include "external_sender.h"
#include "group_log.h"
#include "group_registry.h"
#include "joining.h"
#include "key_package_directory.h"
#include "media_grant_issuer.h"
#include "meeting_policy.h"
#include "subscribe_stream.h"
#include "zt/delivery/v1/delivery.grpc.pb.h"

namespace zt::delivery {

struct ServiceDeps {
  Authenticator& auth;
  KeyPackageDirectory& directory;
  GroupRegistry& groups;
  GroupLog& log;
  const ExternalSenderKey& signer;
  StreamDeps& streams;
  MeetingPolicy& policy;
  MediaGrantIssuer& grants;
  Joining& joining;
};

using DeliveryServiceBase = v1::Delivery::WithCallbackMethod_Subscribe<
    v1::Delivery::WithCallbackMethod_SubscribeWelcomes<v1::Delivery::Service>>;

class DeliveryGrpcService final : public DeliveryServiceBase {
 public:
  explicit DeliveryGrpcService(ServiceDeps deps) : deps_(deps) {}

  grpc::Status UploadKeyPackages(grpc::ServerContext* ctx, const v1::UploadKeyPackagesRequest* req,
                                 v1::UploadKeyPackagesResponse* out) override;
  grpc::Status ClaimKeyPackage(grpc::ServerContext* ctx, const v1::ClaimKeyPackageRequest* req,
                               v1::ClaimKeyPackageResponse* out) override;
  grpc::Status CountKeyPackages(grpc::ServerContext* ctx, const v1::CountKeyPackagesRequest* req,
                                v1::CountKeyPackagesResponse* out) override;

  grpc::Status GetExternalSender(grpc::ServerContext* ctx, const v1::GetExternalSenderRequest* req,
                                 v1::ExternalSender* out) override;
  grpc::Status CreateGroup(grpc::ServerContext* ctx, const v1::CreateGroupRequest* req,
                           v1::Group* out) override;
  grpc::Status GetGroup(grpc::ServerContext* ctx, const v1::GetGroupRequest* req,
                        v1::Group* out) override;
  grpc::Status LookupMeeting(grpc::ServerContext* ctx, const v1::LookupMeetingRequest* req,
                             v1::Group* out) override;

  grpc::Status SendCommit(grpc::ServerContext* ctx, const v1::SendCommitRequest* req,
                          v1::SendCommitResponse* out) override;
  grpc::Status SendProposal(grpc::ServerContext* ctx, const v1::SendProposalRequest* req,
                            v1::SendMessageResponse* out) override;
  grpc::Status SendApplicationMessage(grpc::ServerContext* ctx,
                                      const v1::SendApplicationMessageRequest* req,
                                      v1::SendMessageResponse* out) override;
  grpc::ServerWriteReactor<v1::GroupMessage>* Subscribe(grpc::CallbackServerContext* ctx,
                                                        const v1::SubscribeRequest* req) override;
  grpc::ServerWriteReactor<v1::WelcomeMessage>* SubscribeWelcomes(
      grpc::CallbackServerContext* ctx, const v1::SubscribeWelcomesRequest* req) override;

  grpc::Status GetGroupInfo(grpc::ServerContext* ctx, const v1::GetGroupInfoRequest* req,
                            v1::GroupInfoResponse* out) override;
  grpc::Status RequestJoin(grpc::ServerContext* ctx, const v1::RequestJoinRequest* req,
                           v1::RequestJoinResponse* out) override;
  grpc::Status RequestLeave(grpc::ServerContext* ctx, const v1::RequestLeaveRequest* req,
                            v1::RequestLeaveResponse* out) override;
  grpc::Status RequestFeature(grpc::ServerContext* ctx, const v1::RequestFeatureRequest* req,
                              v1::RequestFeatureResponse* out) override;
  grpc::Status RequestMediaGrant(grpc::ServerContext* ctx, const v1::RequestMediaGrantRequest* req,
                                 v1::MediaGrant* out) override;
  grpc::Status GetGrantKeys(grpc::ServerContext* ctx, const v1::GetGrantKeysRequest* req,
                            v1::GrantKeys* out) override;

 private:
  template <class Fn>
  grpc::Status handle(grpc::ServerContext* ctx, Fn&& fn);

  ServiceDeps deps_;
};

}  // namespace zt::delivery
