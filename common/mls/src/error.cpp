#include "zt/mls/error.h"

namespace zt::mls {

std::string_view to_string(ErrorCategory category) {
  switch (category) {
    case ErrorCategory::kProtocol:
      return "protocol";
    case ErrorCategory::kEpoch:
      return "epoch";
    case ErrorCategory::kWrongGroup:
      return "wrong group";
    case ErrorCategory::kMessage:
      return "message rejected";
    case ErrorCategory::kJoin:
      return "join";
    case ErrorCategory::kState:
      return "client state";
    case ErrorCategory::kTree:
      return "ratchet tree";
    case ErrorCategory::kLeafNode:
      return "leaf node";
    case ErrorCategory::kKeyPackage:
      return "key package";
    case ErrorCategory::kCredential:
      return "credential";
  }
  return "unknown";
}

}  // namespace zt::mls
