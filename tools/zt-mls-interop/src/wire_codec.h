// Conversions between the harness's protobuf bytes and zt::mls wire
// structs. Every decode failure throws InvalidInput naming the field.
#pragma once

#include <string>

#include "interop_error.h"
#include "mls_client.pb.h"
#include "zt/mls/group.h"
#include "zt/mls/key_package_bundle.h"
#include "zt/mls/mls_message.h"
#include "zt/mls/ratchet_tree.h"

namespace zt::mls_interop {

inline Bytes to_bytes(const std::string& s) { return Bytes(s.begin(), s.end()); }
inline std::string to_string(BytesView b) { return std::string(b.begin(), b.end()); }

template <class T>
T decode_field(const std::string& data, const char* field) {
  auto r = mls::decode<T>(as_bytes(data));
  if (!r) throw InvalidInput(std::string(field) + " does not decode: " + r.error().to_string());
  return std::move(*r);
}

// A KeyPackage sent as an MLSMessage (as the harness does) or bare.
mls::KeyPackage decode_key_package(const std::string& data);
// The GroupInfo inside an MLSMessage.
mls::GroupInfo decode_group_info(const std::string& data);
// An optional out-of-band ratchet tree (empty: none).
std::optional<mls::RatchetTree> decode_tree(const std::string& data);
mls::Extensions to_extensions(
    const google::protobuf::RepeatedPtrField<mls_client::Extension>& list);

// The leaf whose basic credential carries `identity` (nullopt: none).
std::optional<uint32_t> find_leaf(const mls::RatchetTree& tree, BytesView identity);

// The basic-credential identity of this member's own leaf ("" otherwise).
std::string own_identity(const mls::Group& g);

// A basic-credential KeyPackage for `identity` in `suite`.
mls::KeyPackageBundle new_key_package(uint32_t suite, const std::string& identity);

}  // namespace zt::mls_interop
