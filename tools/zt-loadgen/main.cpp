// zt-loadgen: load generator for zt-sfu and the baseline relay.
//   zt-loadgen keygen --jwks FILE --seed FILE      grant-signing key for a test SFU
//   zt-loadgen sfu [options]                       drive zt-sfu over gRPC + UDP
//   zt-loadgen baseline [options]                  drive tests/bench/udp_relay_baseline
// Options (--name value or --name=value): --sfu HOST:PORT --meeting ID
//   --grant-seed-file FILE --grant-kid KID --relay HOST:PORT --dest-port-base N
//   --publishers P --subscribers S --audio 0|1 --video 0|1 --video-kbps K
//   --video-pps N --packet-size B --simulcast 0|1 --sframe 0|1 --duration S
//   --max-loss FRACTION --relay-pid PID --json FILE --progress 0|1
//   --pacing even|frame (video packets evenly spaced, or each 30-fps frame
//   back to back) --gro 0|1 (subscriber sockets take UDP GSO trains whole)
// Exit status: 0 ok, 1 loss above --max-loss or integrity failures, 2 usage/setup.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

#include "load_runner.h"
#include "zt/auth/jws.h"

namespace {

std::map<std::string, std::string> parse_flags(int argc, char** argv, int first) {
  std::map<std::string, std::string> flags;
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) != 0) throw std::invalid_argument("unexpected argument " + a);
    auto eq = a.find('=');
    if (eq != std::string::npos) {
      flags[a.substr(2, eq - 2)] = a.substr(eq + 1);
    } else {
      if (i + 1 >= argc) throw std::invalid_argument("missing value for " + a);
      flags[a.substr(2)] = argv[++i];
    }
  }
  return flags;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

int keygen(const std::map<std::string, std::string>& f) {
  auto signer = zt::auth::JwsSigner::generate(f.count("kid") ? f.at("kid") : "loadgen");
  std::ofstream(f.at("jwks")) << zt::auth::JwkSet({signer.public_jwk()}).to_json() << "\n";
  std::ofstream seed(f.at("seed"));
  seed << zt::to_hex(signer.seed_for_storage().reveal()) << "\n";
  return 0;
}

zt::loadgen::LoadOptions options(const std::string& mode, const std::map<std::string, std::string>& f) {
  zt::loadgen::LoadOptions o;
  o.mode = mode;
  auto num = [&](const char* k, double d) { return f.count(k) ? std::stod(f.at(k)) : d; };
  auto str = [&](const char* k, const std::string& d) { return f.count(k) ? f.at(k) : d; };
  o.sfu_grpc = str("sfu", o.sfu_grpc);
  o.meeting = str("meeting", o.meeting);
  if (f.count("grant-seed-file")) o.grant_seed_hex = read_file(f.at("grant-seed-file"));
  o.grant_kid = str("grant-kid", o.grant_kid);
  o.relay_udp = str("relay", o.relay_udp);
  o.dest_port_base = static_cast<uint16_t>(num("dest-port-base", o.dest_port_base));
  o.publishers = static_cast<int>(num("publishers", o.publishers));
  o.subscribers = static_cast<int>(num("subscribers", o.subscribers));
  o.audio = num("audio", 1) != 0;
  o.video = num("video", 1) != 0;
  o.video_kbps = num("video-kbps", o.video_kbps);
  o.video_pps = num("video-pps", o.video_pps);
  o.packet_size = static_cast<size_t>(num("packet-size", static_cast<double>(o.packet_size)));
  o.simulcast = num("simulcast", 0) != 0;
  o.sframe = num("sframe", 1) != 0;
  o.duration_s = num("duration", o.duration_s);
  o.max_loss = num("max-loss", o.max_loss);
  o.relay_pid = static_cast<int>(num("relay-pid", 0));
  o.progress = num("progress", 1) != 0;
  o.pacing = str("pacing", o.pacing);
  o.gro = num("gro", 0) != 0;
  if (o.publishers < 1 || o.publishers > 100 || o.subscribers < 1 || o.subscribers > 1000) {
    throw std::invalid_argument("publishers must be 1..100 and subscribers 1..1000");
  }
  if (o.duration_s <= 0 || o.duration_s > 3600) throw std::invalid_argument("duration must be in (0, 3600] s");
  if (o.packet_size < 64 || o.packet_size > 1400) throw std::invalid_argument("packet-size must be 64..1400");
  if (o.pacing != "even" && o.pacing != "frame") throw std::invalid_argument("pacing must be even or frame");
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: zt-loadgen keygen|sfu|baseline [--flag value ...] (see source header)\n");
    return 2;
  }
  std::string mode = argv[1];
  zt::loadgen::LoadOptions o;
  std::map<std::string, std::string> flags;
  try {
    flags = parse_flags(argc, argv, 2);
    if (mode == "keygen") return keygen(flags);
    o = options(mode, flags);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "zt-loadgen: %s\n", e.what());
    return 2;
  }
  zt::loadgen::LoadReport r;
  try {
    r = zt::loadgen::run_load(o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "zt-loadgen: setup failed: %s\n", e.what());
    return 2;
  }
  std::cout << r.text();
  if (flags.count("json")) std::ofstream(flags.at("json")) << r.json().dump(2) << "\n";
  if (r.integrity_failures > 0 || r.loss > o.max_loss) {
    std::fprintf(stderr, "zt-loadgen: loss %.4f%% above bound %.4f%% or %llu integrity failures\n", r.loss * 100,
                 o.max_loss * 100, static_cast<unsigned long long>(r.integrity_failures));
    return 1;
  }
  return 0;
}
