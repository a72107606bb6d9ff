// zt-mls-vectors verify <type> <file.json>
// Checks every vector of the file; prints one line per failing vector and a
// final "N passed, M failed". Exit 0 iff M == 0; 2 on usage errors.
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>

#include "zt/mls_vectors/registry.h"

namespace {

int usage() {
  std::fprintf(stderr, "usage: zt-mls-vectors verify <type> <file.json>\ntypes:");
  for (const auto& t : zt::mls_vectors::vector_types()) {
    std::fprintf(stderr, " %.*s", static_cast<int>(t.name.size()), t.name.data());
  }
  std::fprintf(stderr, "\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 || std::string_view(argv[1]) != "verify") return usage();
  const auto* type = zt::mls_vectors::find_vector_type(argv[2]);
  if (type == nullptr) {
    std::fprintf(stderr, "unknown vector type: %s\n", argv[2]);
    return usage();
  }
  nlohmann::json vectors;
  try {
    vectors = zt::mls_vectors::load_vector_file(argv[3]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  }
  size_t passed = 0;
  size_t failed = 0;
  for (size_t i = 0; i < vectors.size(); ++i) {
    auto result = zt::mls_vectors::run_check(*type, vectors[i]);
    if (result.ok) {
      ++passed;
    } else {
      ++failed;
      std::printf("vector %zu: %s\n", i, result.detail.c_str());
    }
  }
  std::printf("%zu passed, %zu failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
