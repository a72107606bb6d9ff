// Verifying many signatures at once (MLS joins verify one leaf signature per
// member, RFC 9420 section 12.4.3.1).
//
// verify_batch() gives one result per item, equal to
// verify(scheme, public_key, message, signature) for that item (false for a
// wrong or malformed signature or key), with one exception below.
//
// Ed25519 (RFC 8032): each item first passes libsodium's strict checks (S
// canonical, S < L; R and A decode, are not of small order; A canonically
// encoded; R canonically encoded). The items that pass are checked together
// with the cofactored batch equation
//     [8] ( sum z_i R_i + sum (z_i h_i) A_i - (sum z_i S_i) B ) = 0,
// h_i = SHA-512(R_i || A_i || M_i) mod L, z_i random 128-bit values from
// `random`, by one variable-time multi-scalar multiplication. If that
// equation fails, or an item fails the pre-checks, those items are verified
// one by one through libsodium, so a failing item is reported exactly as
// verify() reports it. A batch of one is verified singly.
//
// The exception: RFC 8032 section 5.1.7 allows the cofactored equation, but
// verify() (libsodium) is cofactorless. A signer who crafts its key or R
// with a small-order (torsion) component can produce a signature that the
// batch accepts and verify() refuses; no honest signer's signature differs,
// and a forgery still needs the signer's key. Random z_i make a batch with a
// wrong signature pass with probability about 2^-128.
//
// Other schemes are verified one by one.
#pragma once

#include <span>
#include <vector>

#include "zt/base/bytes.h"
#include "zt/crypto/random.h"
#include "zt/crypto/signature.h"

namespace zt::crypto {

struct SignatureCheck {
  BytesView public_key;
  BytesView message;
  BytesView signature;
};

// result[i] for items[i]. `random` must be usable from the calling thread
// (SystemRandom is thread-safe).
std::vector<bool> verify_batch(SignatureScheme scheme, std::span<const SignatureCheck> items,
                               RandomSource& random = SystemRandom::instance());

}  // namespace zt::crypto
