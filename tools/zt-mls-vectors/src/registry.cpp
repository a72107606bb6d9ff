#include "zt/mls_vectors/registry.h"

#include <algorithm>
#include <array>
#include <exception>
#include <fstream>
#include <stdexcept>

namespace zt::mls_vectors {

// HOW TO ADD A VECTOR TYPE: write src/check_<type>.cpp defining
//   VectorResult check_<type>(const nlohmann::json& vector);
// in namespace zt::mls_vectors (checking ONE element of the file's array),
// then add one X(...) line below: the name is the file stem under
// $ZT_VECTORS_DIR/mls. The CLI and the GoogleTest suite pick it up.
#define ZT_MLS_VECTOR_TYPES(X)                  \
  X("tree-math", check_tree_math)               \
  X("deserialization", check_deserialization)   \
  X("messages", check_messages)                 \
  X("crypto-basics", check_crypto_basics)       \
  X("secret-tree", check_secret_tree)           \
  X("message-protection", check_message_protection) \
  X("key-schedule", check_key_schedule)         \
  X("psk_secret", check_psk_secret)             \
  X("transcript-hashes", check_transcript_hashes) \
  X("tree-operations", check_tree_operations)   \
  X("tree-validation", check_tree_validation)   \
  X("treekem", check_treekem)                   \
  X("welcome", check_welcome)                   \
  X("passive-client-welcome", check_passive_client_welcome) \
  X("passive-client-handling-commit", check_passive_client_handling_commit) \
  X("passive-client-random", check_passive_client_random)

#define ZT_DECLARE_CHECK_(name, fn) VectorResult fn(const nlohmann::json& vector);
ZT_MLS_VECTOR_TYPES(ZT_DECLARE_CHECK_)
#undef ZT_DECLARE_CHECK_

namespace {

#define ZT_REGISTER_CHECK_(name, fn) VectorType{name, &fn},
constexpr std::array kTypes = {ZT_MLS_VECTOR_TYPES(ZT_REGISTER_CHECK_)};
#undef ZT_REGISTER_CHECK_

}  // namespace

std::span<const VectorType> vector_types() { return kTypes; }

const VectorType* find_vector_type(std::string_view name) {
  auto it = std::find_if(kTypes.begin(), kTypes.end(),
                         [&](const VectorType& t) { return t.name == name; });
  return it == kTypes.end() ? nullptr : &*it;
}

VectorResult run_check(const VectorType& type, const nlohmann::json& vector) {
  try {
    return type.check(vector);
  } catch (const std::exception& e) {
    return VectorResult::fail(std::string("malformed vector: ") + e.what());
  }
}

nlohmann::json load_vector_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  nlohmann::json doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) throw std::runtime_error(path.string() + " is not valid JSON");
  if (!doc.is_array()) throw std::runtime_error(path.string() + " is not a JSON array");
  return doc;
}

}  // namespace zt::mls_vectors
