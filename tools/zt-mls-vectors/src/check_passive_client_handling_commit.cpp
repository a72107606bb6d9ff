// passive-client-handling-commit: the passive-client driver of check_passive_client_welcome.cpp.
#include "zt/mls_vectors/registry.h"

namespace zt::mls_vectors {

VectorResult run_passive_client(const nlohmann::json& vector);

VectorResult check_passive_client_handling_commit(const nlohmann::json& vector) {
  return run_passive_client(vector);
}

}  // namespace zt::mls_vectors
