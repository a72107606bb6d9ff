#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "zt/testing/env.h"
#include "zt/testing/postgres.h"

namespace zt::testing {
namespace {

bool is_root() { return ::geteuid() == 0; }

}  // namespace

PrivatePostgres::PrivatePostgres() : bin_(require_env("ZT_PG_BIN")), dir_(make_temp_dir("zt-pg")), port_(free_port()) {
  if (is_root()) {
    if (std::system("id postgres >/dev/null 2>&1") != 0) {
      throw std::runtime_error("PrivatePostgres: no `postgres` user (run deploy/local/stack.sh data-up once)");
    }
    std::system(("chown postgres " + dir_).c_str());
  }
  run_pg("'" + bin_ + "/initdb' -D '" + dir_ + "/data' -U zt --auth=trust -E UTF8 --locale=C.UTF-8 >'" + dir_ +
         "/initdb.log' 2>&1");
  start();
}

PrivatePostgres::~PrivatePostgres() {
  try {
    stop();
  } catch (const std::exception&) {
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void PrivatePostgres::run_pg(const std::string& command) const {
  std::string full = is_root() ? "runuser -u postgres -- sh -c \"" + command + "\"" : command;
  if (std::system(full.c_str()) != 0) throw std::runtime_error("PrivatePostgres: failed: " + command);
}

void PrivatePostgres::start() {
  if (running_) return;
  run_pg("'" + bin_ + "/pg_ctl' -D '" + dir_ + "/data' -l '" + dir_ + "/server.log' -w -t 60 -o '-p " +
         std::to_string(port_) + " -k " + dir_ + " -c listen_addresses=127.0.0.1' start >/dev/null");
  running_ = true;
}

void PrivatePostgres::stop() {
  if (!running_) return;
  run_pg("'" + bin_ + "/pg_ctl' -D '" + dir_ + "/data' -m fast -w -t 60 stop >/dev/null");
  running_ = false;
}

std::string PrivatePostgres::uri(const std::string& database) const {
  return "postgresql://zt@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

}  // namespace zt::testing
