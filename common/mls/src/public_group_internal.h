// Shared internals of the public view (public_group*.cpp): the staged next
// epoch and the translation of the shared code's typed errors into
// PublicGroupError reasons.
#pragma once

#include <utility>

#include "public_commit.h"
#include "zt/crypto/error.h"
#include "zt/mls/key_package_validation.h"
#include "zt/mls/leaf_node_validation.h"
#include "zt/mls/public_group.h"
#include "zt/mls/tls_error.h"

namespace zt::mls {

struct PublicGroup::Staged {
  NextEpoch next;
  PublicCommit summary;
};

// Runs f; an error of the shared code becomes a PublicGroupError: leaf
// nodes and credentials kInvalidLeafNode, trees and paths kInvalidPath,
// framing kMalformed, rule violations (ProtocolError, KeyPackageError,
// crypto errors) `rules`. With `only` set every error becomes `only`
// (starting from a GroupInfo: whatever fails, the GroupInfo is invalid).
template <class F>
auto refuse_as_public(PublicRejection rules, F&& f, std::optional<PublicRejection> only = {})
    -> decltype(f()) {
  auto fail = [&](PublicRejection reason, const char* what) -> PublicGroupError {
    return PublicGroupError(only.value_or(reason), what);
  };
  try {
    return std::forward<F>(f)();
  } catch (const PublicGroupError&) {
    throw;
  } catch (const LeafNodeError& e) {
    throw fail(PublicRejection::kInvalidLeafNode, e.what());
  } catch (const CredentialError& e) {
    throw fail(PublicRejection::kInvalidLeafNode, e.what());
  } catch (const TreeError& e) {
    throw fail(PublicRejection::kInvalidPath, e.what());
  } catch (const MessageError& e) {
    throw fail(PublicRejection::kMalformed, e.what());
  } catch (const EncodeError& e) {
    throw fail(PublicRejection::kMalformed, e.what());
  } catch (const KeyPackageError& e) {
    throw fail(rules, e.what());
  } catch (const GroupError& e) {
    throw fail(rules, e.what());
  } catch (const crypto::CryptoError& e) {
    throw fail(rules, e.what());
  }
}

}  // namespace zt::mls
