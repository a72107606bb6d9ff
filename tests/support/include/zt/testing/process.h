// A child process with stdout/stderr captured to files, for tests that start
// real binaries (services, redis-server).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace zt::testing {

class Process {
 public:
  // Starts `path` with `args` (argv[1..]); the environment is the test's
  // plus `env` (a value of "\x01" removes a variable). Throws on failure.
  Process(const std::string& path, const std::vector<std::string>& args,
          const std::map<std::string, std::string>& env = {});
  ~Process();  // SIGKILLs the child if still running
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  void signal(int sig) const;
  // The exit code (or 128 + signal), or nullopt on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  bool running();
  std::string stdout_text() const;
  std::string stderr_text() const;
  // Waits until stderr (or stdout) contains `needle`; false on timeout or exit.
  bool wait_for_output(const std::string& needle, std::chrono::milliseconds timeout);
  // For a chassis binary: the integer after "<key>": in its "serving" log line.
  std::optional<int> logged_int(const std::string& key) const;

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  std::string dir_;
};

}  // namespace zt::testing
