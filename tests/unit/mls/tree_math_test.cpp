// Tree math (RFC 9420 Appendix C) beyond what tree-math.json covers:
// direct paths, copaths, common ancestors, and out-of-range indices.
#include "zt/mls/tree_math.h"

#include <gtest/gtest.h>

namespace zt::mls::tree {
namespace {

using Path = std::vector<NodeIndex>;

TEST(TreeMath, EightLeafTreeFromTheRfcFigure) {
  EXPECT_EQ(node_width(8), 15u);
  EXPECT_EQ(root(8), 7u);
  EXPECT_EQ(level(0), 0u);
  EXPECT_EQ(level(3), 2u);
  EXPECT_EQ(level(7), 3u);
  EXPECT_EQ(left(7), 3u);
  EXPECT_EQ(right(7), 11u);
  EXPECT_EQ(parent(4, 8), 5u);
  EXPECT_EQ(sibling(4, 8), 6u);
  EXPECT_EQ(direct_path(leaf_to_node(2), 8), (Path{5, 3, 7}));
  EXPECT_EQ(copath(leaf_to_node(2), 8), (Path{6, 1, 11}));
  EXPECT_EQ(direct_path(7, 8), Path{});
  EXPECT_EQ(copath(7, 8), Path{});
}

TEST(TreeMath, CommonAncestor) {
  EXPECT_EQ(common_ancestor(0, 2), 1u);
  EXPECT_EQ(common_ancestor(0, 6), 3u);
  EXPECT_EQ(common_ancestor(4, 12), 7u);
  EXPECT_EQ(common_ancestor(8, 8), 8u);
  EXPECT_EQ(common_ancestor(3, 2), 3u);  // an ancestor and its descendant
  EXPECT_EQ(common_ancestor(10, 11), 11u);
}

TEST(TreeMath, CommonAncestorMatchesDirectPathsEverywhere) {
  const uint32_t n = 16;
  for (NodeIndex x = 0; x < node_width(n); x += 2) {
    for (NodeIndex y = 0; y < node_width(n); y += 2) {
      Path px = direct_path(x, n);
      Path py = direct_path(y, n);
      px.insert(px.begin(), x);
      py.insert(py.begin(), y);
      NodeIndex want = 0;
      for (NodeIndex a : px) {
        if (std::find(py.begin(), py.end(), a) != py.end()) {
          want = a;
          break;
        }
      }
      EXPECT_EQ(common_ancestor(x, y), want) << x << "," << y;
    }
  }
}

TEST(TreeMath, LeafAndNodeIndices) {
  EXPECT_EQ(leaf_to_node(5), 10u);
  EXPECT_EQ(node_to_leaf(10), 5u);
  EXPECT_TRUE(is_leaf(10));
  EXPECT_FALSE(is_leaf(11));
}

TEST(TreeMath, NoAnswerOutsideTheTree) {
  EXPECT_EQ(left(4), std::nullopt);
  EXPECT_EQ(right(0), std::nullopt);
  EXPECT_EQ(parent(7, 8), std::nullopt);
  EXPECT_EQ(parent(15, 8), std::nullopt);
  EXPECT_EQ(sibling(100, 8), std::nullopt);
  EXPECT_EQ(direct_path(0xffffffffu, 8), Path{});
  EXPECT_EQ(left(0xffffffffu), std::nullopt);
  EXPECT_EQ(node_width(0), 0u);
  EXPECT_EQ(root(1), 0u);
  EXPECT_EQ(parent(0, 1), std::nullopt);
}

TEST(TreeMath, LargeTrees) {
  const uint32_t n = 1u << 20;
  EXPECT_EQ(root(n), (1u << 20) - 1);
  EXPECT_EQ(direct_path(0, n).size(), 20u);
  EXPECT_EQ(copath(leaf_to_node(n - 1), n).size(), 20u);
}

}  // namespace
}  // namespace zt::mls::tree
