// The registry of MLS test-vector types: type name -> check of one vector.
// A type's name is also the stem of its file in the vectors folder
// ("tree-math" -> mls/tree-math.json). See registry.cpp to add a type.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>

namespace zt::mls_vectors {

struct VectorResult {
  bool ok = false;
  std::string detail;  // why it failed (never a secret value)

  static VectorResult pass() { return {true, {}}; }
  static VectorResult fail(std::string why) { return {false, std::move(why)}; }
};

using CheckFn = VectorResult (*)(const nlohmann::json& vector);

struct VectorType {
  std::string_view name;
  CheckFn check;
};

std::span<const VectorType> vector_types();
const VectorType* find_vector_type(std::string_view name);

// Runs `check` and turns any exception (bad hex, missing JSON field) into a failure.
VectorResult run_check(const VectorType& type, const nlohmann::json& vector);

// Loads a vectors file (a JSON array); throws std::runtime_error naming the path.
nlohmann::json load_vector_file(const std::filesystem::path& path);

}  // namespace zt::mls_vectors
