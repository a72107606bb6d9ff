// What a binary was built from. Defined in one small .cpp that CMake
// generates at every build (cmake/build_info.cmake, rewritten only when the
// commit changes), so no other source depends on the commit.
#pragma once

#include <string_view>

namespace zt::config {

std::string_view build_version();  // the project version, "0.1.0"
std::string_view build_commit();   // full git commit hash, or "unknown"
bool build_tree_modified();        // the working tree differed from that commit

}  // namespace zt::config
