#include "zt/sframe/replay_window.h"

#include <gtest/gtest.h>

namespace zt::sframe {
namespace {

TEST(ReplayWindow, AcceptsNewAndOutOfOrderRejectsSeenAndOld) {
  ReplayWindow w;
  EXPECT_TRUE(w.check(10));
  w.accept(10);
  EXPECT_FALSE(w.check(10));
  EXPECT_TRUE(w.check(9));  // late but unseen
  w.accept(9);
  EXPECT_FALSE(w.check(9));
  EXPECT_TRUE(w.check(100));
  w.accept(100);
  EXPECT_FALSE(w.check(10));  // now older than the window
  EXPECT_TRUE(w.check(100 - ReplayWindow::kSize + 1));
  EXPECT_FALSE(w.check(100 - ReplayWindow::kSize));
  w.accept(50);
  EXPECT_FALSE(w.check(50));
  EXPECT_TRUE(w.check(51));
}

TEST(ReplayWindow, StartsAtZero) {
  ReplayWindow w;
  EXPECT_TRUE(w.check(0));
  w.accept(0);
  EXPECT_FALSE(w.check(0));
  EXPECT_TRUE(w.check(1));
}

}  // namespace
}  // namespace zt::sframe
