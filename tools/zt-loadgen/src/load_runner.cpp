#include "load_runner.h"

#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "load_stats.h"
#include "media_payload.h"
#include "progress_line.h"
#include "sfu_client.h"
#include "udp_socket.h"
#include "zt/crypto/random.h"
#include "zt/rtp/frame_marking.h"
#include "zt/rtp/packet.h"
#include "zt/sframe/context.h"
#include "zt/sframe/header.h"

namespace zt::loadgen {
namespace {

constexpr auto kSuite = sframe::CipherSuite::kAes128GcmSha256_128;
constexpr size_t kSframeOverhead = sframe::kMaxHeaderSize + 16;
constexpr size_t kAudioPacket = 100;
constexpr double kAudioPps = 50;
constexpr int kFps = 30;

struct Stream {
  size_t publisher = 0;
  uint8_t layer = 0;
  bool video = false;
  uint32_t ssrc = 0;
  double pps = 0;
  size_t size = 0;
  uint64_t sent = 0;
  uint16_t rtp_seq = 0;
};

struct Publisher {
  std::unique_ptr<UdpSocket> socket;
  std::unique_ptr<SfuClient> client;
  sockaddr_in dest{};
  std::unique_ptr<sframe::Context> crypto;
};

struct Subscriber {
  std::unique_ptr<UdpSocket> socket;
  std::unique_ptr<SfuClient> client;
  std::unique_ptr<sframe::Context> crypto;
};

// CPU time of every thread of `pid` (the first field of each
// /proc/<pid>/task/<tid>/schedstat), or -1 if unreadable.
int64_t schedstat_ns(int pid) {
  if (pid <= 0) return -1;
  std::error_code ec;
  int64_t total = 0;
  bool any = false;
  for (const auto& task :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
    std::ifstream in(task.path() / "schedstat");
    int64_t ns = 0;
    if (in >> ns) {
      total += ns;
      any = true;
    }
  }
  return any ? total : -1;
}

class Runner {
 public:
  explicit Runner(const LoadOptions& o) : o_(o) {}

  LoadReport run() {
    setup();
    std::atomic<bool> stop_rx{false};
    std::thread rx([&] { receive_loop(stop_rx); });
    int64_t cpu0 = schedstat_ns(o_.relay_pid);
    auto t0 = std::chrono::steady_clock::now();
    send_loop(t0);
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // in-flight packets
    int64_t cpu1 = schedstat_ns(o_.relay_pid);
    stop_rx = true;
    rx.join();
    if (progress_shown_) std::fputs("\r\033[K", stdout);  // the report replaces the progress line
    for (auto& s : subscribers_)
      if (s.client) s.client->leave();
    for (auto& p : publishers_)
      if (p.client) p.client->leave();
    return report(elapsed, cpu0, cpu1);
  }

 private:
  void setup() {
    bool sfu = o_.mode == "sfu";
    if (!sfu && o_.mode != "baseline") throw std::runtime_error("mode must be sfu or baseline");
    if (o_.pacing != "even" && o_.pacing != "frame")
      throw std::runtime_error("pacing must be even or frame");
    std::shared_ptr<grpc::Channel> channel;
    std::unique_ptr<auth::JwsSigner> signer;
    if (sfu) {
      if (o_.grant_seed_hex.empty())
        throw std::runtime_error("sfu mode needs a grant seed (--grant-seed-file)");
      signer = std::make_unique<auth::JwsSigner>(
          auth::JwsSigner::from_seed_hex(o_.grant_kid, o_.grant_seed_hex));
      channel = grpc::CreateChannel(o_.sfu_grpc, grpc::InsecureChannelCredentials());
    }
    int64_t exp = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count() +
                  3600;
    std::vector<Bytes> keys;
    for (int p = 0; p < o_.publishers; ++p) {
      Publisher pub;
      pub.socket = std::make_unique<UdpSocket>(0);
      keys.push_back(crypto::SystemRandom::instance().bytes(16));
      pub.crypto = std::make_unique<sframe::Context>(kSuite);
      (void)pub.crypto->add_key(static_cast<uint64_t>(p), keys.back(), sframe::KeyUsage::kEncrypt);
      add_streams(static_cast<size_t>(p));
      if (sfu) {
        pub.client = std::make_unique<SfuClient>(channel, *pub.socket);
        pub.client->join(o_.meeting,
                         sign_media_grant(*signer, o_.meeting, "pub-" + std::to_string(p),
                                          static_cast<uint32_t>(p), exp));
        pub.dest = pub.client->sfu_address();
        for (const auto& st : streams_) {
          if (st.publisher == static_cast<size_t>(p) && !st.video)
            pub.client->publish(v1::TRACK_KIND_AUDIO, {st.ssrc});
        }
        std::vector<uint32_t> layers;
        for (const auto& st : streams_) {
          if (st.publisher == static_cast<size_t>(p) && st.video) layers.push_back(st.ssrc);
        }
        if (!layers.empty()) pub.client->publish(v1::TRACK_KIND_VIDEO, layers);
      } else {
        pub.dest = parse_ipv4(o_.relay_udp);
      }
      publishers_.push_back(std::move(pub));
    }
    for (int s = 0; s < o_.subscribers; ++s) {
      Subscriber sub;
      sub.socket = std::make_unique<UdpSocket>(
          sfu ? 0 : static_cast<uint16_t>(o_.dest_port_base + s), o_.gro);
      sub.crypto = std::make_unique<sframe::Context>(kSuite);
      for (size_t k = 0; k < keys.size(); ++k)
        (void)sub.crypto->add_key(k, keys[k], sframe::KeyUsage::kDecrypt);
      if (sfu) {
        sub.client = std::make_unique<SfuClient>(channel, *sub.socket);
        sub.client->join(o_.meeting,
                         sign_media_grant(*signer, o_.meeting, "sub-" + std::to_string(s),
                                          static_cast<uint32_t>(o_.publishers + s), exp));
        sub.client->subscribe_all(o_.simulcast ? 2 : 0);
      }
      subscribers_.push_back(std::move(sub));
    }
  }

  void add_streams(size_t p) {
    uint32_t base = 0x10000000u + static_cast<uint32_t>(p) * 16;
    if (o_.audio) streams_.push_back(Stream{p, 0, false, base, kAudioPps, kAudioPacket});
    if (!o_.video) return;
    double pps = o_.video_pps > 0 ? o_.video_pps
                                  : o_.video_kbps * 1000 / 8 / static_cast<double>(o_.packet_size);
    int layers = o_.simulcast ? 3 : 1;
    for (int l = 0; l < layers; ++l) {
      double layer_pps = o_.simulcast ? pps / static_cast<double>(1 << (2 - l)) : pps;
      streams_.push_back(Stream{p, static_cast<uint8_t>(l), true,
                                base + 1 + static_cast<uint32_t>(l), layer_pps, o_.packet_size});
    }
  }

  size_t build_packet(Stream& st, MutableBytesView out) {
    rtp::RtpHeader h;
    h.payload_type = st.video ? 96 : 111;
    h.sequence = st.rtp_seq++;
    h.ssrc = st.ssrc;
    std::array<uint8_t, 4> fm{};
    std::vector<rtp::HeaderExtension> exts;
    if (st.video) {
      uint64_t per_frame = packets_per_frame(st);
      uint64_t frame = st.sent / per_frame;
      h.timestamp = static_cast<uint32_t>(frame * (90000 / kFps));
      h.marker = st.sent % per_frame == per_frame - 1;
      rtp::FrameMarking m;
      m.start_of_frame = st.sent % per_frame == 0;
      m.end_of_frame = h.marker;
      m.independent = frame % (2 * kFps) == 0;
      m.layer_id = st.layer;
      auto n = rtp::write_frame_marking(m, fm);
      exts.push_back({rtp::kFrameMarkingExtensionId, BytesView(fm.data(), *n)});
    } else {
      h.timestamp = static_cast<uint32_t>(st.sent * 960);
    }
    auto header_size = rtp::write_rtp_header(h, {}, exts, out);
    if (!header_size) return 0;
    size_t payload_room = st.size > *header_size ? st.size - *header_size : 0;
    PayloadHeader ph{static_cast<uint16_t>(st.publisher), st.layer, static_cast<uint32_t>(st.sent),
                     realtime_ns()};
    MutableBytesView payload = out.subspan(*header_size);
    if (!o_.sframe) {
      size_t n = std::max(payload_room, kPayloadHeaderSize);
      write_payload(ph, payload.first(n));
      return *header_size + n;
    }
    size_t plain_size = std::max(
        payload_room > kSframeOverhead ? payload_room - kSframeOverhead : 0, kPayloadHeaderSize);
    std::array<uint8_t, 1500> plain{};
    write_payload(ph, MutableBytesView(plain.data(), plain_size));
    auto n = publishers_[st.publisher].crypto->protect(
        st.publisher, BytesView(plain.data(), plain_size), {}, payload);
    return n ? *header_size + *n : 0;
  }

  // Frame pacing: packets due once the frame that holds them has started
  // (a whole frame leaves back to back); publishers' frames are staggered.
  uint64_t frame_due(const Stream& st, double elapsed) const {
    double offset = static_cast<double>(st.publisher) / static_cast<double>(o_.publishers) / kFps;
    if (elapsed < offset) return 0;
    auto frames_started = static_cast<uint64_t>((elapsed - offset) * kFps) + 1;
    return frames_started * packets_per_frame(st);
  }

  static uint64_t packets_per_frame(const Stream& st) {
    return std::max<uint64_t>(1, static_cast<uint64_t>(std::lround(st.pps / kFps)));
  }

  void send_loop(std::chrono::steady_clock::time_point t0) {
    std::array<uint8_t, 1500> buf{};
    auto end = t0 + std::chrono::duration<double>(o_.duration_s);
    auto next_consent = t0 + std::chrono::seconds(5);
    for (;;) {
      auto now = std::chrono::steady_clock::now();
      if (now >= end) break;
      double elapsed = std::chrono::duration<double>(now - t0).count();
      for (auto& st : streams_) {
        bool frames = st.video && o_.pacing == "frame";
        uint64_t due = frames ? frame_due(st, elapsed) : static_cast<uint64_t>(elapsed * st.pps);
        for (int burst = 0; st.sent < due && (frames || burst < 256); ++burst) {
          size_t n = build_packet(st, buf);
          Publisher& p = publishers_[st.publisher];
          if (n) p.socket->send_to(p.dest, BytesView(buf.data(), n));
          ++st.sent;
          sent_.fetch_add(1, std::memory_order_relaxed);
        }
      }
      if (now >= next_consent) {
        next_consent += std::chrono::seconds(5);
        for (auto& p : publishers_)
          if (p.client) p.client->send_binding_request();
        for (auto& s : subscribers_)
          if (s.client) s.client->send_binding_request();
      }
      timespec ts{0, 100000};
      nanosleep(&ts, nullptr);
    }
  }

  // The receive thread owns stats_, so it also shows the progress line:
  // once a second, rates over the last second and loss and p99 so far.
  void show_progress(ProgressMeter& meter) {
    auto now = std::chrono::steady_clock::now();
    if (!meter.due(now)) return;
    ProgressSample s = meter.sample(now, sent_.load(std::memory_order_relaxed), stats_.received(),
                                    stats_.expected(), stats_.latency().percentile_us(99));
    std::printf("\r%s\033[K", progress_line(s).c_str());
    std::fflush(stdout);
    progress_shown_ = true;
  }

  void receive_loop(const std::atomic<bool>& stop) {
    ProgressMeter meter(std::chrono::steady_clock::now());
    const bool progress = o_.progress && isatty(STDOUT_FILENO);
    std::vector<pollfd> fds;
    for (auto& s : subscribers_) fds.push_back({s.socket->fd(), POLLIN, 0});
    for (auto& p : publishers_)
      fds.push_back({p.socket->fd(), POLLIN, 0});  // RTCP/STUN: drained, ignored
    std::array<uint8_t, 1500> plain{};
    while (!stop.load()) {
      if (progress) show_progress(meter);
      if (poll(fds.data(), fds.size(), 50) <= 0) continue;
      for (size_t i = 0; i < fds.size(); ++i) {
        if (!(fds[i].revents & POLLIN)) continue;
        UdpSocket& sock = i < subscribers_.size() ? *subscribers_[i].socket
                                                  : *publishers_[i - subscribers_.size()].socket;
        for (;;) {
          const auto& batch = sock.receive();
          if (batch.empty()) break;
          if (i >= subscribers_.size()) continue;
          ++receives_;
          for (const auto& d : batch) on_datagram(i, d, plain);
        }
      }
    }
  }

  void on_datagram(size_t sub, const Datagram& d, std::array<uint8_t, 1500>& plain) {
    if (d.bytes.empty() || d.bytes[0] < 128 ||
        (d.bytes.size() > 1 && d.bytes[1] >= 192 && d.bytes[1] <= 223))
      return;
    auto v = rtp::RtpPacketView::parse(d.bytes);
    if (!v) return stats_.on_integrity_failure();
    BytesView payload = v->payload();
    if (o_.sframe) {
      auto hdr = sframe::decode_header(payload);
      auto n = subscribers_[sub].crypto->unprotect(payload, {}, plain);
      if (!hdr || !n) return stats_.on_integrity_failure();
      auto ph = check_payload(BytesView(plain.data(), *n));
      if (!ph || ph->publisher != hdr->header.kid) return stats_.on_integrity_failure();
      stats_.on_packet(sub, v->header().ssrc, v->header().sequence, *ph, d.kernel_ns);
    } else {
      auto ph = check_payload(payload);
      if (!ph) return stats_.on_integrity_failure();
      stats_.on_packet(sub, v->header().ssrc, v->header().sequence, *ph, d.kernel_ns);
    }
  }

  LoadReport report(double elapsed, int64_t cpu0, int64_t cpu1) const {
    LoadReport r;
    r.mode = o_.mode;
    r.publishers = o_.publishers;
    r.subscribers = o_.subscribers;
    r.packet_size = o_.packet_size;
    r.duration_s = elapsed;
    r.sent = sent_.load();
    r.received = stats_.received();
    r.expected = stats_.expected();
    // Without simulcast every packet sent reaches every subscriber; this also
    // counts losses at the tail that sequence gaps cannot show.
    if (!o_.simulcast)
      r.expected = std::max<uint64_t>(r.expected, r.sent * static_cast<uint64_t>(o_.subscribers));
    r.integrity_failures = stats_.integrity_failures();
    r.loss =
        r.expected ? 1.0 - static_cast<double>(r.received) / static_cast<double>(r.expected) : 1.0;
    r.pps_in = static_cast<double>(r.sent) / elapsed;
    r.pps_out = static_cast<double>(r.received) / elapsed;
    r.p50_us = stats_.latency().percentile_us(50);
    r.p99_us = stats_.latency().percentile_us(99);
    r.p999_us = stats_.latency().percentile_us(99.9);
    r.jitter_us = stats_.mean_jitter_us();
    r.pacing = o_.pacing;
    r.gro = o_.gro;
    r.datagrams_per_receive =
        receives_ ? static_cast<double>(r.received) / static_cast<double>(receives_) : 0;
    if (cpu0 >= 0 && cpu1 >= cpu0 && r.received > 0) {
      r.relay_cpu_us_per_packet =
          static_cast<double>(cpu1 - cpu0) / 1000.0 / static_cast<double>(r.received);
    }
    return r;
  }

  LoadOptions o_;
  std::vector<Publisher> publishers_;
  std::vector<Subscriber> subscribers_;
  std::vector<Stream> streams_;
  ReceiveStats stats_;
  std::atomic<uint64_t> sent_{0};
  uint64_t receives_ = 0;        // receive() calls that returned datagrams (receive thread only)
  bool progress_shown_ = false;  // written by the receive thread, read after it joined
};

}  // namespace

std::string LoadReport::text() const {
  char buf[1024];
  std::snprintf(
      buf, sizeof buf,
      "mode %s  publishers %d  subscribers %d  packet %zu B  duration %.1f s\n"
      "sent %llu (%.0f pps)  received %llu (%.0f pps)  expected %llu  loss %.4f%%  integrity "
      "failures %llu\n"
      "one-way latency p50 %.0f us  p99 %.0f us  p99.9 %.0f us  jitter %.1f us\n"
      "pacing %s  UDP_GRO %s  datagrams per receive call %.1f\n"
      "relay CPU per output packet %s\n",
      mode.c_str(), publishers, subscribers, packet_size, duration_s,
      static_cast<unsigned long long>(sent), pps_in, static_cast<unsigned long long>(received),
      pps_out, static_cast<unsigned long long>(expected), loss * 100,
      static_cast<unsigned long long>(integrity_failures), p50_us, p99_us, p999_us, jitter_us,
      pacing.c_str(), gro ? "on" : "off", datagrams_per_receive,
      relay_cpu_us_per_packet < 0 ? "unknown (no --relay-pid)"
                                  : (std::to_string(relay_cpu_us_per_packet) + " us").c_str());
  return buf;
}

nlohmann::json LoadReport::json() const {
  return nlohmann::json{{"mode", mode},
                        {"publishers", publishers},
                        {"subscribers", subscribers},
                        {"packet_size", packet_size},
                        {"duration_s", duration_s},
                        {"sent", sent},
                        {"received", received},
                        {"expected", expected},
                        {"loss", loss},
                        {"integrity_failures", integrity_failures},
                        {"pps_in", pps_in},
                        {"pps_out", pps_out},
                        {"latency_us", {{"p50", p50_us}, {"p99", p99_us}, {"p999", p999_us}}},
                        {"jitter_us", jitter_us},
                        {"pacing", pacing},
                        {"gro", gro},
                        {"datagrams_per_receive", datagrams_per_receive},
                        {"relay_cpu_us_per_output_packet", relay_cpu_us_per_packet}};
}

LoadReport run_load(const LoadOptions& options) {
  Runner runner(options);
  return runner.run();
}

}  // namespace zt::loadgen
