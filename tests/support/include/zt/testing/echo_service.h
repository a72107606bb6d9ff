// zt.testing.v1.Echo: Echo returns the message and the request id; Fail
// returns INVALID_ARGUMENT; Sleep sleeps (for drain tests).
#pragma once

#include "zt/testing/v1/echo.grpc.pb.h"

namespace zt::testing {

class EchoService final : public zt::testing::v1::Echo::Service {
 public:
  grpc::Status Echo(grpc::ServerContext* context, const v1::EchoRequest* request,
                    v1::EchoResponse* response) override;
  grpc::Status Fail(grpc::ServerContext* context, const v1::EchoRequest* request,
                    v1::EchoResponse* response) override;
  grpc::Status Sleep(grpc::ServerContext* context, const v1::SleepRequest* request,
                     v1::SleepResponse* response) override;
};

}  // namespace zt::testing
