// zt-kms-load: drives a running zt-kms over loopback gRPC through sealed
// sessions, as clients use it, and writes one JSON report:
//   retrieve   RetrieveKeys of one key from --clients concurrent clients
//              (one sealed session each) for --seconds: requests/s, p50/p99
//   create10   CreateKeys of 10 keys from --clients clients for --seconds
//   rotate     --rotate-keys keys created, version 2 appended to the KMS's
//              master key file, RotateMasterKey while --readers clients keep
//              reading: keys re-wrapped per second, reads and failed reads
// Tokens are Control Hub-shaped JWS signed with the seed of
// `zt-loadgen keygen` (the KMS fetches the matching JWKS).
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "zt/auth/claims.h"
#include "zt/auth/jws.h"
#include "zt/auth/token_verifier.h"
#include "zt/base/bytes.h"
#include "zt/base/number.h"
#include "zt/config/command_line.h"
#include "zt/crypto/random.h"
#include "zt/crypto/x509_certificate.h"
#include "zt/kms/sealed_session.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace v1 = zt::kms::v1;

struct Options {
  std::string target = "127.0.0.1:7002";
  std::string seed_file, kid = "bench", certificate_file, domain = "kms.local";
  std::string master_key_file, json;
  int clients = 64, readers = 8, channels = 4;
  double seconds = 5;
  int rotate_keys = 100'000;
  std::string phases = "retrieve,create10,rotate";
};

zt::config::Program program() {
  using zt::config::Type;
  zt::config::Schema s("ZT_KMS_LOAD_");
  s.add({"target", Type::kString, "127.0.0.1:7002", "the zt-kms gRPC address, host:port"});
  s.add({.name = "seed-file",
         .description = "the JWS signing seed written by `zt-loadgen keygen --seed`",
         .required = true});
  s.add({"kid", Type::kString, "bench", "key id of the signing seed in the JWKS the KMS fetches"});
  s.add({.name = "certificate-file",
         .description = "the KMS certificate chain, <kms state_dir>/kms-certificate.pem",
         .required = true});
  s.add({"domain", Type::kString, "kms.local", "the KMS domain its certificate is checked against"});
  s.add({"master-key-file", Type::kString, "",
         "the KMS's master key file; the rotate phase appends a new version to it"});
  s.add({.name = "json", .description = "where to write the JSON report", .required = true});
  s.add({"clients", Type::kInt, "64", "concurrent clients (one sealed session each)"});
  s.add({"readers", Type::kInt, "8", "clients reading keys during the rotation"});
  s.add({"channels", Type::kInt, "4", "gRPC channels (connections) the clients share"});
  s.add({"seconds", Type::kDouble, "5", "duration of the retrieve and create10 phases"});
  s.add({"rotate-keys", Type::kInt, "100000", "keys created before the rotation"});
  s.add({"phases", Type::kString, "retrieve,create10,rotate",
         "the phases to run, comma separated: retrieve, create10, rotate"});
  return zt::config::Program::without_subcommands(
      "zt-kms-load",
      "drives a running zt-kms over gRPC through sealed sessions (retrieve, create10, rotate "
      "phases) and writes one JSON report; the load tool of `make bench-kms`.",
      s,
      "Exit status: 0 when the report is written; 1 when a call fails; 2 usage error.\n"
      "Example: zt-kms-load --target 127.0.0.1:7195 --seed-file seed --certificate-file "
      "state/kms-certificate.pem --master-key-file master.key --json kms.json");
}

[[noreturn]] void usage(const std::string& why) { throw zt::config::ConfigError(why); }

int positive(const zt::config::Config& cfg, const std::string& key) {
  int64_t v = cfg.get_int(key);
  if (v < 1 || v > 100'000'000) usage("--" + key + " must be a positive integer, not " + std::to_string(v));
  return static_cast<int>(v);
}

Options options(const zt::config::Config& cfg) {
  Options o;
  o.target = cfg.get_string("target");
  o.seed_file = cfg.get_string("seed-file");
  o.kid = cfg.get_string("kid");
  o.certificate_file = cfg.get_string("certificate-file");
  o.domain = cfg.get_string("domain");
  o.master_key_file = cfg.get_string("master-key-file");
  o.json = cfg.get_string("json");
  o.clients = positive(cfg, "clients");
  o.readers = positive(cfg, "readers");
  o.channels = positive(cfg, "channels");
  o.seconds = cfg.get_double("seconds");
  if (!(o.seconds > 0)) usage("--seconds must be positive");
  o.rotate_keys = positive(cfg, "rotate-keys");
  o.phases = cfg.get_string("phases");
  std::stringstream phases(o.phases);
  for (std::string phase; std::getline(phases, phase, ',');) {
    if (phase != "retrieve" && phase != "create10" && phase != "rotate")
      usage("--phases: unknown phase \"" + phase + "\" (retrieve, create10, rotate)");
  }
  return o;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  if (!in) usage("cannot read " + path);
  return ss.str();
}

class Tokens {
 public:
  Tokens(const std::string& kid, const zt::crypto::SecretBytes& seed_hex) {
    try {
      signer_ = std::make_unique<zt::auth::JwsSigner>(zt::auth::JwsSigner::from_seed_hex(kid, seed_hex));
    } catch (const std::invalid_argument& e) {
      usage(std::string("--seed-file: ") + e.what());
    }
  }
  std::string token(const std::string& user, std::vector<std::string> roles) const {
    zt::auth::Claims c;
    c.subject = "bench-" + user;
    c.org_id = "org-bench";
    c.user_id = user;
    c.roles = std::move(roles);
    c.issued_at =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    c.expires_at = c.issued_at + std::chrono::hours(2);
    return signer_->sign(zt::auth::claims_to_json(c));
  }

 private:
  std::unique_ptr<zt::auth::JwsSigner> signer_;
};

struct Ctx {
  Options o;
  zt::kms::KmsTrust trust;
  std::vector<std::unique_ptr<v1::Kms::Stub>> stubs;
  std::string user_token, admin_token;

  v1::Kms::Stub& stub(int i) { return *stubs[static_cast<size_t>(i) % stubs.size()]; }
  std::unique_ptr<zt::kms::SealedSession> session(int i, const std::string& token) {
    std::unique_ptr<zt::kms::SealedSession> s;
    grpc::Status st = zt::kms::SealedSession::open(stub(i), token, trust, &s);
    if (!st.ok()) {
      std::fprintf(stderr, "zt-kms-load: OpenSession: %s\n", st.error_message().c_str());
      std::exit(1);
    }
    return s;
  }
};

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  size_t k = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())));
  std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
  return v[k];
}

struct LoopResult {
  uint64_t ok = 0, failed = 0;
  double seconds = 0;
  std::vector<double> latencies_ms;
};

// `n` clients, each with its own sealed session, call `one` until `stop`
// (or for `seconds` when stop is null).
template <class One>
LoopResult loop(Ctx& ctx, int n, double seconds, std::atomic<bool>* stop, One one) {
  std::vector<std::unique_ptr<zt::kms::SealedSession>> sessions;
  for (int i = 0; i < n; ++i) sessions.push_back(ctx.session(i, ctx.user_token));
  std::vector<LoopResult> per(static_cast<size_t>(n));
  std::atomic<bool> go{false}, timed_stop{false};
  std::atomic<bool>* done = stop ? stop : &timed_stop;
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      auto& r = per[static_cast<size_t>(i)];
      while (!*done) {
        auto t0 = Clock::now();
        bool ok = one(*sessions[static_cast<size_t>(i)]);
        r.latencies_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        ok ? ++r.ok : ++r.failed;
      }
    });
  }
  auto start = Clock::now();
  go = true;
  if (!stop) {
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    timed_stop = true;
  }
  for (auto& t : threads) t.join();
  LoopResult out;
  out.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (auto& r : per) {
    out.ok += r.ok;
    out.failed += r.failed;
    out.latencies_ms.insert(out.latencies_ms.end(), r.latencies_ms.begin(), r.latencies_ms.end());
  }
  return out;
}

std::vector<std::string> create_bound_keys(Ctx& ctx, int count, std::vector<std::string>* material) {
  std::vector<std::string> uris(static_cast<size_t>(count));
  if (material) material->assign(static_cast<size_t>(count), "");
  const int per_call = 100, workers = 4;
  std::atomic<int> next{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      auto s = ctx.session(w, ctx.user_token);
      for (int at = next.fetch_add(per_call); at < count; at = next.fetch_add(per_call)) {
        v1::CreateKeysRequest req;
        req.set_count(std::min(per_call, count - at));
        v1::CreateKeysResponse out;
        grpc::Status st = s->call("CreateKeys", req, &out);
        if (!st.ok()) {
          std::fprintf(stderr, "zt-kms-load: CreateKeys: %s\n", st.error_message().c_str());
          std::exit(1);
        }
        v1::CreateResourceRequest res;
        res.set_mode(v1::RESOURCE_MODE_STANDARD);
        for (int i = 0; i < out.keys_size(); ++i) {
          uris[static_cast<size_t>(at + i)] = out.keys(i).uri();
          if (material) (*material)[static_cast<size_t>(at + i)] = out.keys(i).key_material();
          res.add_key_uris(out.keys(i).uri());
        }
        v1::Resource r;
        st = s->call("CreateResource", res, &r);
        if (!st.ok()) {
          std::fprintf(stderr, "zt-kms-load: CreateResource: %s\n", st.error_message().c_str());
          std::exit(1);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  return uris;
}

nlohmann::json retrieve_phase(Ctx& ctx) {
  std::vector<std::string> material;
  std::string uri = create_bound_keys(ctx, 1, &material)[0];
  v1::RetrieveKeysRequest req;
  req.add_key_uris(uri);
  LoopResult r = loop(ctx, ctx.o.clients, ctx.o.seconds, nullptr, [&](zt::kms::SealedSession& s) {
    v1::RetrieveKeysResponse out;
    return s.call("RetrieveKeys", req, &out).ok() && out.keys_size() == 1 &&
           out.keys(0).key_material() == material[0];
  });
  double p50 = percentile(r.latencies_ms, 0.50), p99 = percentile(r.latencies_ms, 0.99);
  return {{"retrieve_rps", static_cast<double>(r.ok) / r.seconds}, {"retrieve_p50_ms", p50},
          {"retrieve_p99_ms", p99}, {"retrieve_failed", r.failed}, {"retrieve_clients", ctx.o.clients}};
}

nlohmann::json create10_phase(Ctx& ctx) {
  v1::CreateKeysRequest req;
  req.set_count(10);
  LoopResult r = loop(ctx, ctx.o.clients, ctx.o.seconds, nullptr, [&](zt::kms::SealedSession& s) {
    v1::CreateKeysResponse out;
    return s.call("CreateKeys", req, &out).ok() && out.keys_size() == 10;
  });
  return {{"create10_rps", static_cast<double>(r.ok) / r.seconds},
          {"create10_p99_ms", percentile(r.latencies_ms, 0.99)}, {"create10_failed", r.failed}};
}

nlohmann::json rotate_phase(Ctx& ctx) {
  if (ctx.o.master_key_file.empty()) usage("the rotate phase needs --master-key-file");
  std::fprintf(stderr, "zt-kms-load: creating %d keys for the rotation\n", ctx.o.rotate_keys);
  auto c0 = Clock::now();
  std::vector<std::string> material;
  std::vector<std::string> uris = create_bound_keys(ctx, ctx.o.rotate_keys, &material);
  double create_s = std::chrono::duration<double>(Clock::now() - c0).count();
  {
    std::string current = read_file(ctx.o.master_key_file);
    int version = 0;
    std::istringstream in(current);
    for (std::string line; std::getline(in, line);) {
      if (auto colon = line.find(':'); colon != std::string::npos)
        if (auto v = zt::parse_int(line.substr(0, colon)); v && *v > 0 && *v < 1'000'000)
          version = std::max(version, static_cast<int>(*v));
    }
    std::ofstream out(ctx.o.master_key_file, std::ios::app);
    zt::Bytes k = zt::crypto::SystemRandom::instance().bytes(32);
    out << (version + 1) << ":" << zt::to_hex(k) << "\n";
  }
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> pick{0};
  LoopResult reads;
  std::thread readers([&] {
    reads = loop(ctx, ctx.o.readers, 0, &stop, [&](zt::kms::SealedSession& s) {
      size_t i = pick.fetch_add(7919) % uris.size();
      v1::RetrieveKeysRequest req;
      req.add_key_uris(uris[i]);
      v1::RetrieveKeysResponse out;
      return s.call("RetrieveKeys", req, &out).ok() && out.keys_size() == 1 &&
             out.keys(0).key_material() == material[i];
    });
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // readers running
  grpc::ClientContext rc;
  rc.AddMetadata("authorization", "Bearer " + ctx.admin_token);
  rc.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(30));
  v1::RotateMasterKeyRequest rotate;
  rotate.set_batch_size(1000);
  v1::RotateMasterKeyResponse progress;
  auto r0 = Clock::now();
  grpc::Status st = ctx.stub(0).RotateMasterKey(&rc, rotate, &progress);
  double rotate_s = std::chrono::duration<double>(Clock::now() - r0).count();
  stop = true;
  readers.join();
  if (!st.ok()) {
    std::fprintf(stderr, "zt-kms-load: RotateMasterKey: %s\n", st.error_message().c_str());
    std::exit(1);
  }
  return {{"rotate_keys", ctx.o.rotate_keys},
          {"rotate_rewrapped", progress.rewrapped()},
          {"rotate_remaining", progress.remaining()},
          {"rotate_seconds", rotate_s},
          {"rotate_keys_per_s", static_cast<double>(progress.rewrapped()) / rotate_s},
          {"rotate_reads", reads.ok + reads.failed},
          {"rotate_failed_reads", reads.failed},
          {"rotate_read_p99_ms", percentile(reads.latencies_ms, 0.99)},
          {"rotate_setup_create_s", create_s}};
}

int run(Options options) {
  Ctx ctx;
  ctx.o = std::move(options);
  std::string pem = read_file(ctx.o.certificate_file);
  try {
    auto chain = zt::crypto::split_pem_certificates(pem);
    if (chain.empty()) usage("--certificate-file: no PEM certificate in " + ctx.o.certificate_file);
    ctx.trust = {{chain.back()}, ctx.o.domain};
  } catch (const zt::crypto::X509Error& e) {
    usage(std::string("--certificate-file: ") + e.what());
  }
  Tokens tokens(ctx.o.kid, zt::config::read_secret_file(ctx.o.seed_file, "seed-file"));
  ctx.user_token = tokens.token("alice", {std::string(zt::auth::kRoleDevice)});
  ctx.admin_token = tokens.token("ops", {std::string(zt::auth::kRoleDeploymentAdmin)});
  for (int i = 0; i < ctx.o.channels; ++i) {
    grpc::ChannelArguments args;
    args.SetInt("zt-channel", i);  // distinct channels, distinct connections
    ctx.stubs.push_back(v1::Kms::NewStub(
        grpc::CreateCustomChannel(ctx.o.target, grpc::InsecureChannelCredentials(), args)));
  }
  nlohmann::json report{{"target", ctx.o.target}};
  std::stringstream phases(ctx.o.phases);
  for (std::string phase; std::getline(phases, phase, ',');) {
    std::fprintf(stderr, "zt-kms-load: phase %s\n", phase.c_str());
    nlohmann::json part;
    if (phase == "retrieve") part = retrieve_phase(ctx);
    else if (phase == "create10") part = create10_phase(ctx);
    else if (phase == "rotate") part = rotate_phase(ctx);
    else usage("unknown phase " + phase);
    report.update(part);
    std::fprintf(stderr, "%s\n", part.dump().c_str());
  }
  std::ofstream(ctx.o.json) << report.dump(2) << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return zt::config::run_command_line(
      program(), argc, argv,
      [](const zt::config::Command&, const zt::config::Config& cfg) { return run(options(cfg)); });
}
