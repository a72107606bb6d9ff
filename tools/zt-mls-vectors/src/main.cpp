// zt-mls-vectors verify <type> <file.json>
// Checks every vector of the file; prints one line per failing vector and a
// final "N passed, M failed". Exit 0 iff M == 0; 1 on failures; 2 on usage
// errors or an unreadable file.
#include <cstdio>
#include <exception>
#include <string>

#include "zt/config/command_line.h"
#include "zt/mls_vectors/registry.h"

namespace {

std::string type_names() {
  std::string out;
  for (const auto& t : zt::mls_vectors::vector_types())
    out += (out.empty() ? "" : ", ") + std::string(t.name);
  return out;
}

zt::config::Program program() {
  zt::config::Schema s("ZT_MLS_VECTORS_");
  s.add({.name = "type",
         .description = "the vector type (the file's stem, e.g. tree-math)",
         .required = true,
         .positional = true});
  s.add({.name = "file",
         .description = "the vectors file, a JSON array",
         .required = true,
         .positional = true});
  zt::config::Program p{
      "zt-mls-vectors",
      "checks the public MLS (RFC 9420) interop test vectors against zt's MLS library.",
      {},
      "Exit status: 0 if every vector passed; 1 if any failed; 2 usage error or unreadable "
      "file.\nExample: zt-mls-vectors verify tree-math ../shared/vectors/mls/tree-math.json"};
  p.commands.push_back(
      {"verify",
       "check every vector of a file; one line per failing vector, then \"N passed, M failed\"", s,
       "Vector types: " + type_names() + "."});
  return p;
}

int verify(const zt::config::Config& cfg) {
  const auto* type = zt::mls_vectors::find_vector_type(cfg.get_string("type"));
  if (type == nullptr) {
    throw zt::config::ConfigError("unknown vector type " + cfg.get_string("type") + " (one of " +
                                  type_names() + "); see 'zt-mls-vectors verify --help'");
  }
  nlohmann::json vectors;
  try {
    vectors = zt::mls_vectors::load_vector_file(cfg.get_string("file"));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "zt-mls-vectors: %s\n", e.what());
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

}  // namespace

int main(int argc, char** argv) {
  return zt::config::run_command_line(
      program(), argc, argv,
      [](const zt::config::Command&, const zt::config::Config& cfg) { return verify(cfg); });
}
