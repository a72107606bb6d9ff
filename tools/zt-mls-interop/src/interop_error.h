// Errors of the interop service, mapped once to gRPC statuses
// (status_mapping.h). Library errors (zt::mls::GroupError ...) are mapped
// there too; messages never carry key material.
#pragma once

#include <stdexcept>

namespace zt::mls_interop {

// A state, transaction, signer or reinit id the table does not hold.
class UnknownId : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Input that does not decode or is missing a required field.
class InvalidInput : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An RPC the zt MLS library cannot support yet.
class Unsupported : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace zt::mls_interop
