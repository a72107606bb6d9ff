#include "status_mapping.h"

#include <string>

#include "interop_error.h"
#include "zt/crypto/error.h"
#include "zt/mls/credential_validation.h"
#include "zt/mls/group_error.h"
#include "zt/mls/key_package_validation.h"
#include "zt/mls/leaf_node_validation.h"
#include "zt/mls/message_error.h"
#include "zt/mls/ratchet_tree_state.h"
#include "zt/mls/tls_error.h"

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
  } catch (const mls::GroupError& e) {
    return status(grpc::StatusCode::FAILED_PRECONDITION, rpc, e.what());
  } catch (const mls::MessageError& e) {
    return status(grpc::StatusCode::FAILED_PRECONDITION, rpc, e.what());
  } catch (const mls::TreeError& e) {
    return status(grpc::StatusCode::FAILED_PRECONDITION, rpc, e.what());
  } catch (const mls::LeafNodeError& e) {
    return status(grpc::StatusCode::FAILED_PRECONDITION, rpc, e.what());
  } catch (const mls::KeyPackageError& e) {
    return status(grpc::StatusCode::FAILED_PRECONDITION, rpc, e.what());
  } catch (const mls::CredentialError& e) {
    return status(grpc::StatusCode::FAILED_PRECONDITION, rpc, e.what());
  } catch (const crypto::CryptoError& e) {
    return status(grpc::StatusCode::INVALID_ARGUMENT, rpc, e.what());
  } catch (const std::exception& e) {
    return status(grpc::StatusCode::INTERNAL, rpc, e.what());
  }
}

}  // namespace zt::mls_interop
