#include "delivery_stream_helpers.h"

namespace zt::delivery::testing {

Subscription::Subscription(v1::Delivery::Stub& stub, const std::string& token,
                           const std::string& group_id, uint64_t from)
    : StreamReader(token, [&](grpc::ClientContext* ctx) {
        v1::SubscribeRequest req;
        req.set_group_id(group_id);
        req.set_from_sequence(from);
        return stub.Subscribe(ctx, req);
      }) {}

WelcomeSubscription::WelcomeSubscription(v1::Delivery::Stub& stub, const std::string& token)
    : StreamReader(token, [&](grpc::ClientContext* ctx) {
        return stub.SubscribeWelcomes(ctx, v1::SubscribeWelcomesRequest{});
      }) {}

}  // namespace zt::delivery::testing
