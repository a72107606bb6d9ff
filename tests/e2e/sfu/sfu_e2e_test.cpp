// zt-sfu as a process: started with a trusted grant key, it forwards SFrame
// media from 2 publishers to 3 subscribers intact, refuses a grant for
// another meeting, and exits 0 on SIGTERM.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "load_runner.h"
#include "sfu_client.h"

namespace zt::loadgen {
namespace {

std::string bin_dir() {
  const char* d = std::getenv("ZT_BIN_DIR");
  return d ? d : "";
}

class SfuProcess {
 public:
  SfuProcess(const std::string& jwks_file, const std::filesystem::path& dir) : log_(dir / "sfu.log") {
    std::fflush(nullptr);
    pid_ = fork();
    if (pid_ == 0) {
      FILE* f = std::freopen(log_.c_str(), "w", stdout);
      (void)f;
      dup2(fileno(stdout), STDERR_FILENO);
      std::string jwks = "--sfu.trusted_jwks_file=" + jwks_file;
      std::string state = "--state_dir=" + (dir / "state").string();
      execl((bin_dir() + "/zt-sfu").c_str(), "zt-sfu", "--grpc.address=127.0.0.1:7294",
            "--metrics.address=127.0.0.1:0", "--sfu.udp_address=127.0.0.1:0", "--sfu.workers=2",
            "--sfu.redis_registry=false", jwks.c_str(), state.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
  }
  ~SfuProcess() {
    if (pid_ > 0 && !stopped_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  bool wait_serving() const {
    for (int i = 0; i < 100; ++i) {
      std::ifstream in(log_);
      std::stringstream ss;
      ss << in.rdbuf();
      if (ss.str().find("\"serving\"") != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  int stop() {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    stopped_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  std::filesystem::path log_;
  pid_t pid_ = -1;
  bool stopped_ = false;
};

TEST(SfuE2e, ForwardsSframeMediaAndRefusesForeignGrants) {
  ASSERT_FALSE(bin_dir().empty()) << "ZT_BIN_DIR must point at the directory holding zt-sfu";
  auto dir = std::filesystem::temp_directory_path() / ("zt-sfu-e2e-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto signer = auth::JwsSigner::generate("ds-e2e");
  std::ofstream(dir / "jwks.json") << auth::JwkSet({signer.public_jwk()}).to_json();
  SfuProcess sfu((dir / "jwks.json").string(), dir);
  ASSERT_TRUE(sfu.wait_serving()) << "zt-sfu did not start; see " << (dir / "sfu.log");

  LoadOptions o;
  o.sfu_grpc = "127.0.0.1:7294";
  o.meeting = "e2e-meeting";
  o.grant_seed_hex = to_hex(signer.seed_for_storage().reveal());
  o.grant_kid = signer.kid();
  o.publishers = 2;
  o.subscribers = 3;
  o.video_kbps = 400;
  o.duration_s = 1.5;
  o.progress = false;
  LoadReport r = run_load(o);
  EXPECT_GT(r.sent, 50u);
  EXPECT_EQ(r.integrity_failures, 0u);
  EXPECT_EQ(r.received, r.sent * 3);

  UdpSocket sock;
  SfuClient client(grpc::CreateChannel(o.sfu_grpc, grpc::InsecureChannelCredentials()), sock);
  int64_t exp = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch()).count() + 600;
  EXPECT_THROW(client.join("e2e-meeting", sign_media_grant(signer, "other-meeting", "d", 1, exp)), std::runtime_error);

  EXPECT_EQ(sfu.stop(), 0);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace zt::loadgen
