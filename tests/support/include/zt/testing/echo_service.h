// zt.testing.v1.Echo: Echo returns the message and the request id; Fail
// returns INVALID_ARGUMENT; Sleep sleeps (for drain tests); Watch streams
// until the client cancels or stop() ends it with UNAVAILABLE.
#pragma once

#include <condition_variable>
#include <mutex>

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
  grpc::Status Watch(grpc::ServerContext* context, const v1::WatchRequest* request,
                     grpc::ServerWriter<v1::WatchEvent>* writer) override;

  // Ends every open Watch stream with UNAVAILABLE (the chassis drain hook).
  void stop();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopped_ = false;
};

}  // namespace zt::testing
