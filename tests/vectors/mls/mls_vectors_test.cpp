// One GoogleTest case per MLS test vector, for every type registered in
// zt_mls_vectors, over $ZT_VECTORS_DIR/mls/<type>.json. Each file is read
// once per process.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "zt/mls_vectors/registry.h"

namespace zt::mls_vectors {
namespace {

struct VectorCase {
  const VectorType* type;
  size_t index;         // position in the file's array
  std::string problem;  // set when the file could not be loaded
};

void PrintTo(const VectorCase& c, std::ostream* os) {
  *os << c.type->name << "[" << c.index << "]";
}

// Loaded files by type name; filled once, before the cases are generated.
std::map<std::string, nlohmann::json>& files() {
  static std::map<std::string, nlohmann::json> loaded;
  return loaded;
}

std::vector<VectorCase> all_cases() {
  std::vector<VectorCase> cases;
  const char* dir = std::getenv("ZT_VECTORS_DIR");
  for (const VectorType& type : vector_types()) {
    if (dir == nullptr || *dir == '\0') {
      cases.push_back({&type, 0, "ZT_VECTORS_DIR is not set (ctest sets it; or export it)"});
      continue;
    }
    std::filesystem::path path =
        std::filesystem::path(dir) / "mls" / (std::string(type.name) + ".json");
    try {
      auto& doc = files()[std::string(type.name)];
      if (doc.is_null()) doc = load_vector_file(path);
      if (doc.empty()) cases.push_back({&type, 0, path.string() + " holds no vectors"});
      for (size_t i = 0; i < doc.size(); ++i) cases.push_back({&type, i, {}});
    } catch (const std::exception& e) {
      cases.push_back({&type, 0, e.what()});
    }
  }
  return cases;
}

std::string case_name(const testing::TestParamInfo<VectorCase>& info) {
  std::string name(info.param.type->name);
  for (char& c : name) {
    if (c == '-') c = '_';
  }
  name.push_back('_');
  name.append(info.param.problem.empty() ? std::to_string(info.param.index) : "load");
  return name;
}

class MlsVectorTest : public testing::TestWithParam<VectorCase> {};

TEST_P(MlsVectorTest, Passes) {
  const VectorCase& c = GetParam();
  ASSERT_TRUE(c.problem.empty()) << c.problem;
  const nlohmann::json& vector = files().at(std::string(c.type->name)).at(c.index);
  VectorResult result = run_check(*c.type, vector);
  EXPECT_TRUE(result.ok) << c.type->name << " vector " << c.index << ": " << result.detail;
}

INSTANTIATE_TEST_SUITE_P(Mls, MlsVectorTest, testing::ValuesIn(all_cases()), case_name);

}  // namespace
}  // namespace zt::mls_vectors
