#include "loadgen_program.h"

#include <cstdio>

namespace zt::loadgen {
namespace {

using config::Key;
using config::Schema;
using config::Type;

constexpr const char* kEnvPrefix = "ZT_LOADGEN_";

// What sfu and baseline runs share: the traffic, its length and the report.
void add_traffic_keys(Schema& s) {
  s.add({"publishers", Type::kInt, "1",
         "publishers (1..100), each sending the streams chosen below"});
  s.add({"subscribers", Type::kInt, "1",
         "subscribers (1..1000), each receiving every publisher's streams"});
  s.add({"audio", Type::kBool, "1",
         "each publisher sends one audio stream (50 packets/s of 100 bytes)"});
  s.add({"video", Type::kBool, "1", "each publisher sends video (30 frames/s)"});
  s.add({"video-kbps", Type::kDouble, "1500",
         "video bit rate per publisher (per layer without simulcast)"});
  s.add({"video-pps", Type::kDouble, "0",
         "video packets per second per publisher; overrides --video-kbps when > 0"});
  s.add({"packet-size", Type::kInt, "1200", "video packet size on the wire in bytes (64..1400)"});
  s.add({"sframe", Type::kBool, "1",
         "protect every payload with SFrame and check each one on receipt"});
  s.add({"pacing", Type::kString, "even",
         "even: every stream's packets evenly spaced; frame: each video frame's packets back to "
         "back, "
         "publishers' frames staggered"});
  s.add({"gro", Type::kBool, "0",
         "subscriber sockets take UDP_GRO trains whole (each datagram still checked)"});
  s.add({"duration", Type::kDouble, "10", "seconds of traffic (more than 0, at most 3600)"});
  s.add(
      {"max-loss", Type::kDouble, "0", "exit 1 when the loss fraction is above this (0.01 = 1%)"});
  s.add({"relay-pid", Type::kInt, "0",
         "pid of the relay (zt-sfu or udp_relay_baseline) whose CPU time per output packet to "
         "report; 0: none"});
  s.add({"json", Type::kString, "",
         "also write the report as JSON to this file (-: JSON on stdout instead of text)"});
  s.add({"progress", Type::kBool, "1",
         "a live progress line (elapsed, packets/s in and out, loss, p99) while stdout is a "
         "terminal"});
}

config::Command keygen_command() {
  Schema s(kEnvPrefix);
  s.add({.name = "jwks",
         .description = "write the public key here as a JWK Set (zt-sfu --sfu.trusted_jwks_file)",
         .required = true});
  s.add({.name = "seed",
         .description = "write the private Ed25519 seed here, in hex (mode 600)",
         .required = true});
  s.add({"kid", Type::kString, "local-grant",
         "key id in the JWK Set and in every grant signed with the seed"});
  return {"keygen",
          "write a media-grant signing key for a test SFU: a JWK Set and its private seed", s, ""};
}

config::Command sfu_command() {
  Schema s(kEnvPrefix);
  s.add({"sfu", Type::kString, "127.0.0.1:7004", "zt-sfu gRPC address host:port"});
  s.add({"meeting", Type::kString, "loadgen", "meeting id every participant joins"});
  s.add({"grant-seed-file", Type::kString, "",
         "file with the hex Ed25519 seed that signs the media grants; default: the local stack's "
         ".run/secrets/sfu-grant.seed, looked for from the current directory up, then above the "
         "binary",
         /*secret_file=*/true});
  s.add({"grant-kid", Type::kString, "local-grant",
         "key id of the grant seed (as in zt-sfu's trusted JWK Set)"});
  s.add({"simulcast", Type::kBool, "0",
         "publish 3 video layers (1/4, 1/2, full rate); subscribers take all"});
  add_traffic_keys(s);
  return {"sfu",
          "SFU fan-out: P publishers and S subscribers join zt-sfu over gRPC, send and receive RTP "
          "over UDP",
          s,
          "Every participant signs its own media grant with the grant seed, joins the meeting, "
          "binds its UDP "
          "socket (ICE-lite), publishes or subscribes to every track, and leaves at the end."};
}

config::Command baseline_command() {
  Schema s(kEnvPrefix);
  s.add({"relay", Type::kString, "127.0.0.1:41000",
         "where publishers send: the relay's UDP address host:port"});
  s.add({"dest-port-base", Type::kInt, "42000",
         "subscriber i listens on 127.0.0.1:<dest-port-base + i> (the relay's --dest-port-base)"});
  add_traffic_keys(s);
  return {"baseline",
          "baseline relay: the same traffic through udp_relay_baseline, the kernel-limit reference",
          s,
          "Start the relay first, with the same port base and --fanout equal to --subscribers:\n"
          "  build/bin/udp_relay_baseline --listen-port 41000 --dest-port-base 42000 --fanout "
          "<subscribers>"};
}

double number_range(const config::Config& cfg, const char* key, double low, double high) {
  double v = cfg.get_double(key);
  if (!(v >= low && v <= high)) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "--%s must be %g..%g, got %g", key, low, high, v);
    throw config::ConfigError(buf);
  }
  return v;
}

int64_t int_range(const config::Config& cfg, const char* key, int64_t low, int64_t high) {
  int64_t v = cfg.get_int(key);
  if (v < low || v > high) {
    throw config::ConfigError("--" + std::string(key) + " must be " + std::to_string(low) + ".." +
                              std::to_string(high) + ", got " + std::to_string(v));
  }
  return v;
}

}  // namespace

config::Program loadgen_program() {
  config::Program p{
      "zt-loadgen",
      "load generator for zt-sfu and the baseline relay: publishers send SFrame RTP, subscribers "
      "check and time every packet; reports packets/s, loss, one-way latency, jitter and the "
      "relay's CPU time per packet (text or JSON, see docs/loadgen.md).",
      {},
      "Exit status: 0 ok; 1 loss above --max-loss or integrity failures; 2 usage error or failed "
      "set-up (join refused, port in use).\n"
      "Against the local stack (make run): zt-loadgen sfu --sfu 127.0.0.1:7004"};
  p.commands.push_back(keygen_command());
  p.commands.push_back(sfu_command());
  p.commands.push_back(baseline_command());
  return p;
}

LoadOptions load_options(const std::string& mode, const config::Config& cfg) {
  LoadOptions o;
  o.mode = mode;
  if (mode == "sfu") {
    o.sfu_grpc = cfg.get_string("sfu");
    o.meeting = cfg.get_string("meeting");
    o.grant_kid = cfg.get_string("grant-kid");
    o.simulcast = cfg.get_bool("simulcast");
  } else {
    o.relay_udp = cfg.get_string("relay");
    o.dest_port_base = static_cast<uint16_t>(int_range(cfg, "dest-port-base", 1, 65535 - 1000));
  }
  o.publishers = static_cast<int>(int_range(cfg, "publishers", 1, 100));
  o.subscribers = static_cast<int>(int_range(cfg, "subscribers", 1, 1000));
  o.audio = cfg.get_bool("audio");
  o.video = cfg.get_bool("video");
  o.video_kbps = number_range(cfg, "video-kbps", 1, 1e6);
  o.video_pps = number_range(cfg, "video-pps", 0, 1e7);
  o.packet_size = static_cast<size_t>(int_range(cfg, "packet-size", 64, 1400));
  o.sframe = cfg.get_bool("sframe");
  o.pacing = cfg.get_string("pacing");
  if (o.pacing != "even" && o.pacing != "frame")
    throw config::ConfigError("--pacing must be even or frame");
  o.gro = cfg.get_bool("gro");
  o.duration_s = cfg.get_double("duration");
  if (o.duration_s <= 0 || o.duration_s > 3600)
    throw config::ConfigError("--duration must be in (0, 3600] s");
  o.max_loss = number_range(cfg, "max-loss", 0, 1);
  o.relay_pid = static_cast<int>(int_range(cfg, "relay-pid", 0, 1 << 30));
  o.progress = cfg.get_bool("progress");
  if (!o.audio && !o.video)
    throw config::ConfigError("--audio 0 and --video 0 leave nothing to send");
  return o;
}

}  // namespace zt::loadgen
