// The device's channel to the Delivery Service: every call carries the
// Control Hub token and a deadline; an error status becomes
// ClientError::refused("delivery", "<STATUS>", message).
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

#include "zt/client/client_error.h"
#include "zt/crypto/secret_bytes.h"
#include "zt/delivery/v1/delivery.grpc.pb.h"

namespace zt::client {

namespace dsv1 = zt::delivery::v1;

class DeliverySession {
 public:
  DeliverySession(const std::string& address, const crypto::SecretBytes& token);

  std::unique_ptr<grpc::ClientContext> context(
      std::chrono::milliseconds timeout = std::chrono::seconds(15)) const;
  dsv1::Delivery::Stub& stub() { return *stub_; }

  template <class Request, class Response>
  using Method = grpc::Status (dsv1::Delivery::Stub::*)(grpc::ClientContext*, const Request&,
                                                        Response*);

  template <class Request, class Response>
  Response call(Method<Request, Response> method, const Request& request) {
    Response response;
    auto ctx = context();
    check((stub_.get()->*method)(ctx.get(), request, &response));
    return response;
  }

  // Throws the refusal for a non-OK status.
  static void check(const grpc::Status& status);

 private:
  std::string token_;
  std::unique_ptr<dsv1::Delivery::Stub> stub_;
};

}  // namespace zt::client
