#include "zt/mls/tree_math.h"

#include <bit>

namespace zt::mls::tree {

uint32_t log2(uint32_t x) { return x == 0 ? 0 : static_cast<uint32_t>(std::bit_width(x)) - 1; }

uint32_t level(NodeIndex x) { return static_cast<uint32_t>(std::countr_one(x)); }

uint32_t node_width(uint32_t n_leaves) { return n_leaves == 0 ? 0 : 2 * (n_leaves - 1) + 1; }

NodeIndex root(uint32_t n_leaves) { return (1u << log2(node_width(n_leaves))) - 1; }

std::optional<NodeIndex> left(NodeIndex x) {
  uint32_t k = level(x);
  if (k == 0 || k >= 32) return std::nullopt;
  return x ^ (1u << (k - 1));
}

std::optional<NodeIndex> right(NodeIndex x) {
  uint32_t k = level(x);
  if (k == 0 || k >= 31) return std::nullopt;
  return x ^ (3u << (k - 1));
}

std::optional<NodeIndex> parent(NodeIndex x, uint32_t n_leaves) {
  if (x >= node_width(n_leaves) || x == root(n_leaves)) return std::nullopt;
  uint32_t k = level(x);
  uint32_t b = (x >> (k + 1)) & 1;
  NodeIndex p = (x | (1u << k)) ^ (b << (k + 1));
  if (p >= node_width(n_leaves)) return std::nullopt;  // only for non-full trees
  return p;
}

std::optional<NodeIndex> sibling(NodeIndex x, uint32_t n_leaves) {
  std::optional<NodeIndex> p = parent(x, n_leaves);
  if (!p) return std::nullopt;
  return x < *p ? right(*p) : left(*p);
}

std::vector<NodeIndex> direct_path(NodeIndex x, uint32_t n_leaves) {
  std::vector<NodeIndex> path;
  for (std::optional<NodeIndex> p = parent(x, n_leaves); p; p = parent(*p, n_leaves)) {
    path.push_back(*p);
  }
  return path;
}

std::vector<NodeIndex> copath(NodeIndex x, uint32_t n_leaves) {
  std::vector<NodeIndex> out;
  for (std::optional<NodeIndex> s = sibling(x, n_leaves); s;) {
    out.push_back(*s);
    x = *parent(x, n_leaves);
    s = sibling(x, n_leaves);
  }
  return out;
}

NodeIndex common_ancestor(NodeIndex x, NodeIndex y) {
  uint32_t lx = level(x) + 1;
  uint32_t ly = level(y) + 1;
  if (lx <= ly && lx < 32 && ly < 32 && (x >> ly) == (y >> ly)) return y;
  if (ly <= lx && lx < 32 && (x >> lx) == (y >> lx)) return x;
  uint32_t k = 0;
  while (x != y) {
    x >>= 1;
    y >>= 1;
    ++k;
  }
  return (x << k) + (1u << (k - 1)) - 1;
}

}  // namespace zt::mls::tree
