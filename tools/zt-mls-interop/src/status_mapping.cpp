#include "status_mapping.h"

#include <string>

#include "interop_error.h"
#include "zt/crypto/error.h"
#include "zt/mls/error.h"
#include "zt/mls/grpc_status.h"
#include "zt/mls/message_error.h"

namespace zt::mls_interop {
namespace {

grpc::Status status(grpc::StatusCode code, const char* rpc, const char* what) {
  return grpc::Status(code, std::string(rpc) + ": " + what);
}

}  // namespace

grpc::Status run_rpc(const char* rpc, const std::function<void()>& body) {
  try {
    body();
    return grpc::Status::OK;
  } catch (const UnknownId& e) {
    return status(grpc::StatusCode::NOT_FOUND, rpc, e.what());
  } catch (const InvalidInput& e) {
    return status(grpc::StatusCode::INVALID_ARGUMENT, rpc, e.what());
  } catch (const Unsupported& e) {
    return status(grpc::StatusCode::UNIMPLEMENTED, rpc, e.what());
  } catch (const mls::Error& e) {
    return mls::to_grpc_status(e, rpc);
  } catch (const crypto::CryptoError& e) {
    return status(grpc::StatusCode::INVALID_ARGUMENT, rpc, e.what());
  } catch (const mls::MessageError& e) {  // a static description of the refusal
    return status(grpc::StatusCode::FAILED_PRECONDITION, rpc, e.what());
  } catch (const std::exception&) {
    // Never an internal what(): it may name anything.
    return status(grpc::StatusCode::INTERNAL, rpc, "internal error");
  }
}

}  // namespace zt::mls_interop
