// tree-math: node_width, root, left, right, parent, sibling for one tree size.
#include <optional>
#include <string>

#include "zt/mls/tree_math.h"
#include "zt/mls_vectors/registry.h"

namespace zt::mls_vectors {
namespace {

using mls::tree::NodeIndex;

std::string show(std::optional<NodeIndex> v) { return v ? std::to_string(*v) : "null"; }

std::optional<NodeIndex> expected_at(const nlohmann::json& array, size_t i) {
  const auto& v = array.at(i);
  if (v.is_null()) return std::nullopt;
  return v.get<NodeIndex>();
}

}  // namespace

VectorResult check_tree_math(const nlohmann::json& v) {
  namespace tree = mls::tree;
  auto n_leaves = v.at("n_leaves").get<uint32_t>();
  auto n_nodes = v.at("n_nodes").get<uint32_t>();
  if (tree::node_width(n_leaves) != n_nodes) {
    return VectorResult::fail("n_nodes: got " + std::to_string(tree::node_width(n_leaves)));
  }
  if (tree::root(n_leaves) != v.at("root").get<NodeIndex>()) {
    return VectorResult::fail("root: got " + std::to_string(tree::root(n_leaves)));
  }
  struct Relation {
    const char* name;
    std::optional<NodeIndex> (*fn)(NodeIndex, uint32_t);
  };
  const Relation relations[] = {
      {"left", [](NodeIndex x, uint32_t) { return tree::left(x); }},
      {"right", [](NodeIndex x, uint32_t) { return tree::right(x); }},
      {"parent", [](NodeIndex x, uint32_t n) { return tree::parent(x, n); }},
      {"sibling", [](NodeIndex x, uint32_t n) { return tree::sibling(x, n); }},
  };
  for (const Relation& rel : relations) {
    const auto& expected = v.at(rel.name);
    if (expected.size() != n_nodes) {
      return VectorResult::fail(std::string(rel.name) + ": array size differs from n_nodes");
    }
    for (NodeIndex i = 0; i < n_nodes; ++i) {
      auto got = rel.fn(i, n_leaves);
      if (got != expected_at(expected, i)) {
        return VectorResult::fail(std::string(rel.name) + "[" + std::to_string(i) + "]: got " +
                                  show(got) + ", want " + show(expected_at(expected, i)));
      }
    }
  }
  return VectorResult::pass();
}

}  // namespace zt::mls_vectors
