// Drives zt-sfu (or the baseline relay) with P publishers and S subscribers
// on loopback for a bounded time and reports rates, loss, latency, jitter
// and the relay's CPU time per output packet (from /proc/<pid>/schedstat).
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "zt/crypto/secret_bytes.h"

namespace zt::loadgen {

struct LoadOptions {
  std::string mode = "sfu";                 // "sfu" or "baseline"
  std::string sfu_grpc = "127.0.0.1:7004";  // sfu mode
  std::string meeting = "loadgen";
  crypto::SecretBytes grant_seed_hex;  // Ed25519 seed that signs grants (sfu mode), in hex
  std::string grant_kid = "loadgen";
  std::string relay_udp = "127.0.0.1:41000";  // baseline mode: where publishers send
  uint16_t dest_port_base = 42000;            // baseline mode: subscriber ports
  int publishers = 1;
  int subscribers = 1;
  bool audio = true;
  bool video = true;
  double video_kbps = 1500;
  double video_pps = 0;       // overrides video_kbps when > 0
  size_t packet_size = 1200;  // video packets, bytes on the wire
  bool simulcast = false;
  bool sframe = true;
  double duration_s = 10;
  double max_loss = 0.0;  // exit non-zero above this fraction
  int relay_pid = 0;      // for CPU time per output packet
  bool progress = true;   // live progress line on stdout, when it is a terminal
  // "even": every stream's packets evenly spaced. "frame": a video frame's
  // packets leave back to back at the frame rate (30 fps), publisher p's
  // frames offset by p/P of a frame interval; audio stays evenly spaced.
  std::string pacing = "even";
  // Subscriber sockets set UDP_GRO and split each aggregate by its segment
  // size (every datagram is still checked and timed on its own).
  bool gro = false;
};

struct LoadReport {
  std::string mode;
  int publishers = 0;
  int subscribers = 0;
  size_t packet_size = 0;
  double duration_s = 0;
  uint64_t sent = 0;
  uint64_t received = 0;
  uint64_t expected = 0;
  uint64_t integrity_failures = 0;
  double loss = 0;
  double pps_in = 0;
  double pps_out = 0;
  double p50_us = 0, p99_us = 0, p999_us = 0;
  double jitter_us = 0;
  double relay_cpu_us_per_packet = -1;  // -1: unknown
  std::string pacing;
  bool gro = false;
  double datagrams_per_receive = 0;  // > 1 when UDP_GRO aggregates arrived

  std::string text() const;
  nlohmann::json json() const;
};

// Throws std::runtime_error when setup fails (join refused, bind failed...).
LoadReport run_load(const LoadOptions& options);

}  // namespace zt::loadgen
