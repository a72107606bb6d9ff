#include "grant_seed.h"

#include <filesystem>
#include <vector>

namespace zt::loadgen {
namespace {

namespace fs = std::filesystem;

constexpr const char* kStackSeed = ".run/secrets/sfu-grant.seed";

std::vector<fs::path> stack_seed_candidates() {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::path dir = fs::current_path(ec); !ec && !dir.empty(); dir = dir.parent_path()) {
    out.push_back(dir / kStackSeed);
    if (dir == dir.root_path()) break;
  }
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) out.push_back(exe.parent_path().parent_path().parent_path() / kStackSeed);
  return out;
}

}  // namespace

GrantSeed find_grant_seed(const config::Config& cfg) {
  if (!cfg.get_string("grant-seed-file").empty()) {
    return {cfg.get_string("grant-seed-file"), cfg.read_secret("grant-seed-file")};
  }
  std::string looked;
  for (const fs::path& p : stack_seed_candidates()) {
    std::error_code ec;
    if (fs::is_regular_file(p, ec))
      return {p.string(), config::read_secret_file(p.string(), "grant seed")};
    looked += (looked.empty() ? "" : ", ") + p.string();
  }
  throw config::ConfigError("no grant seed: pass --grant-seed-file (the local stack writes " +
                            std::string(kStackSeed) + "; looked at " + looked + ")");
}

}  // namespace zt::loadgen
