// The one MLS error family and its gRPC mapping (zt_mls_grpc).
#include "zt/mls/grpc_status.h"

#include <gtest/gtest.h>

#include <functional>
#include <vector>

#include "zt/mls/credential_validation.h"
#include "zt/mls/group_error.h"
#include "zt/mls/key_package_validation.h"
#include "zt/mls/leaf_node_validation.h"
#include "zt/mls/treekem.h"

namespace zt::mls {
namespace {

// What a caller of the library sees: one catch, the category, one mapping.
grpc::Status thrown(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return to_grpc_status(e, "Rpc");
  }
  ADD_FAILURE() << "nothing thrown";
  return grpc::Status::OK;
}

TEST(MlsErrorFamily, EveryClassHasItsCategoryAndStatus) {
  struct Case {
    std::function<void()> f;
    ErrorCategory category;
    grpc::StatusCode code;
  };
  const std::vector<Case> cases = {
      {[] { throw ProtocolError("rule"); }, ErrorCategory::kProtocol,
       grpc::StatusCode::FAILED_PRECONDITION},
      {[] { throw EpochMismatch("late"); }, ErrorCategory::kEpoch, grpc::StatusCode::ABORTED},
      {[] { throw EpochNotRetained(2, 6); }, ErrorCategory::kEpoch, grpc::StatusCode::ABORTED},
      {[] { throw WrongGroup("other"); }, ErrorCategory::kWrongGroup,
       grpc::StatusCode::FAILED_PRECONDITION},
      {[] { throw MessageRejected(MessageErrorCode::kKeyAlreadyUsed); }, ErrorCategory::kMessage,
       grpc::StatusCode::FAILED_PRECONDITION},
      {[] { throw JoinError("not for us"); }, ErrorCategory::kJoin,
       grpc::StatusCode::FAILED_PRECONDITION},
      {[] { throw StateError("torn"); }, ErrorCategory::kState, grpc::StatusCode::INVALID_ARGUMENT},
      {[] { throw TreeError("shape"); }, ErrorCategory::kTree,
       grpc::StatusCode::FAILED_PRECONDITION},
      {[] { throw TreeKemError("path"); }, ErrorCategory::kTree,
       grpc::StatusCode::FAILED_PRECONDITION},
      {[] { throw LeafNodeError(LeafNodeFailure::kEncryptionKeyUnchanged, "leaf"); },
       ErrorCategory::kLeafNode, grpc::StatusCode::FAILED_PRECONDITION},
      {[] { throw KeyPackageError(KeyPackageFailure::kBadSignature, "kp"); },
       ErrorCategory::kKeyPackage, grpc::StatusCode::FAILED_PRECONDITION},
      {[] { throw CredentialError(CredentialFailure::kMalformed, "cred"); },
       ErrorCategory::kCredential, grpc::StatusCode::FAILED_PRECONDITION},
  };
  for (const Case& c : cases) {
    try {
      c.f();
      ADD_FAILURE() << "nothing thrown";
    } catch (const Error& e) {
      EXPECT_EQ(e.category(), c.category) << e.what();
      EXPECT_FALSE(to_string(e.category()).empty());
    }
    const grpc::Status s = thrown(c.f);
    EXPECT_EQ(s.error_code(), c.code) << s.error_message();
    EXPECT_EQ(s.error_message().rfind("Rpc: ", 0), 0u) << s.error_message();
  }
  EXPECT_NE(thrown([] { throw EpochNotRetained(2, 6); }).error_message().find("epoch 2"),
            std::string::npos);
}

}  // namespace
}  // namespace zt::mls
