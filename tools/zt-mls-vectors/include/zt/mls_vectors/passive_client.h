// The client of the passive-client-* vectors (welcome, handling-commit,
// random), shared by their checks and by the public-view vector test.
#pragma once

#include <nlohmann/json.hpp>

#include "zt/mls/group.h"

namespace zt::mls_vectors {

// A hex-encoded MLSMessage of a vector; std::runtime_error if it does not decode.
mls::MlsMessage vector_message(const nlohmann::json& hex);

// Joins from the vector's Welcome (with its ratchet_tree and external PSKs,
// keeping 8 past epochs) and checks the initial epoch authenticator.
// Throws std::runtime_error (or the group's error) when that fails.
mls::Group join_passive_client(const nlohmann::json& vector);

}  // namespace zt::mls_vectors
