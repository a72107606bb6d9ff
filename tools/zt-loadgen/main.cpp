// zt-loadgen: load generator for zt-sfu and the baseline relay. Commands,
// flags and defaults: `zt-loadgen --help`, `zt-loadgen help <command>`
// (tools/zt-loadgen/cli/loadgen_program.cpp); the report: docs/loadgen.md.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "grant_seed.h"
#include "load_runner.h"
#include "loadgen_program.h"
#include "zt/auth/jws.h"
#include "zt/config/build_info.h"

namespace {

using zt::config::Config;
using zt::config::ConfigError;

// Writes `text` to a new file of mode 600 (the seed never exists readable by others).
void write_private_file(const std::string& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0 || ::fchmod(fd, 0600) != 0 ||
      ::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
    if (fd >= 0) ::close(fd);
    throw ConfigError("cannot write " + path);
  }
  ::close(fd);
}

int keygen(const Config& cfg) {
  auto signer = zt::auth::JwsSigner::generate(cfg.get_string("kid"));
  std::ofstream jwks(cfg.get_string("jwks"));
  jwks << zt::auth::JwkSet({signer.public_jwk()}).to_json() << "\n";
  if (!jwks.flush()) throw ConfigError("cannot write " + cfg.get_string("jwks"));
  write_private_file(cfg.get_string("seed"), zt::to_hex(signer.seed_for_storage().reveal()) + "\n");
  return 0;
}

nlohmann::json json_report(const zt::loadgen::LoadReport& r, const zt::loadgen::LoadOptions& o,
                           bool ok) {
  nlohmann::json j = r.json();
  j["target"] = o.mode == "sfu" ? o.sfu_grpc : o.relay_udp;
  j["max_loss"] = o.max_loss;
  j["ok"] = ok;
  j["version"] = zt::config::build_version();
  j["commit"] = zt::config::build_commit();
  return j;
}

int run(const std::string& mode, const Config& cfg) {
  zt::loadgen::LoadOptions o = zt::loadgen::load_options(mode, cfg);
  if (mode == "sfu") {
    zt::loadgen::GrantSeed seed = zt::loadgen::find_grant_seed(cfg);
    std::fprintf(stderr, "zt-loadgen: grant seed from %s (kid %s)\n", seed.path.c_str(),
                 o.grant_kid.c_str());
    o.grant_seed_hex = std::move(seed.hex);
  }
  zt::loadgen::LoadReport r;
  try {
    r = zt::loadgen::run_load(o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "zt-loadgen: setup failed: %s\n", e.what());
    return 2;
  }
  const bool ok = r.integrity_failures == 0 && r.loss <= o.max_loss;
  const std::string json = cfg.get_string("json");
  if (json == "-") {
    std::cout << json_report(r, o, ok).dump(2) << "\n";
  } else {
    std::cout << r.text();
    if (!json.empty()) {
      std::ofstream out(json);
      out << json_report(r, o, ok).dump(2) << "\n";
      if (!out.flush()) std::fprintf(stderr, "zt-loadgen: cannot write %s\n", json.c_str());
    }
  }
  if (!ok) {
    std::fprintf(stderr, "zt-loadgen: loss %.4f%% above bound %.4f%% or %llu integrity failures\n",
                 r.loss * 100, o.max_loss * 100,
                 static_cast<unsigned long long>(r.integrity_failures));
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const zt::config::Program program = zt::loadgen::loadgen_program();
  return zt::config::run_command_line(
      program, argc, argv, [](const zt::config::Command& command, const Config& cfg) {
        return command.name == "keygen" ? keygen(cfg) : run(command.name, cfg);
      });
}
