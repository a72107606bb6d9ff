// zt-delivery-bench: the load tool of `make bench-delivery`
// (scripts/bench-delivery.sh) against a running zt-delivery on real
// PostgreSQL and Redis. Tokens are Control Hub-shaped device JWS signed
// with the seed of `zt-loadgen keygen` (the DS fetches its JWKS over
// HTTP); every group member is a real MLS client (common/mls).
//
// Phases:
//   fanout   one group of --members devices (the host adds the others by
//            one commit the DS checks), each subscribed on its own
//            Subscribe stream (callback API, no thread per stream); the
//            host sends --trials messages of ~1.3 KB one after the other;
//            per message, the time from sending until the last stream has
//            it: fanout_1000_p50_ms / fanout_1000_p99_ms.
//   commits  --groups one-member groups, --commits-per-group commits each,
//            prepared before the clock starts (a chain of epochs per
//            group), sent by --clients concurrent clients: accepted
//            commits per second with durable PostgreSQL writes
//            (commits_per_s).
//   join     a meeting of --members built by batched joins: every joiner
//            hands the DS its KeyPackage (RequestJoin) and waits on its
//            SubscribeWelcomes stream; the host, the designated committer,
//            commits what is pending whenever the DS asks (COMMIT_REQUEST);
//            each joiner joins from its Welcome and applies the commits
//            after it: wall time until all share the host's epoch and epoch
//            authenticator (join_1000_wall_s), the commits it took
//            (join_1000_commits) and what a member received on average
//            (join_1000_bytes_per_member: its Welcome and the group's
//            messages after it).
// Writes --json.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <optional>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "zt/auth/claims.h"
#include "zt/auth/jws.h"
#include "zt/config/command_line.h"
#include "zt/delivery/v1/delivery.grpc.pb.h"
#include "zt/mls/group.h"
#include "zt/mls/key_package_bundle.h"
#include "zt/mls/key_package_validation.h"

namespace {

namespace v1 = zt::delivery::v1;
using Clock = std::chrono::steady_clock;
using zt::Bytes;

struct Options {
  std::string target = "127.0.0.1:7197";
  std::string seed_file, kid = "bench", org = "org-bench", json, phases = "fanout,commits,join";
  int members = 1000, trials = 30, groups = 100, commits_per_group = 20, clients = 32;
  int message_bytes = 1200;  // plaintext: ~1.3 KB as a PrivateMessage
};

zt::config::Program program() {
  using zt::config::Type;
  zt::config::Schema s("ZT_DELIVERY_BENCH_");
  s.add({"target", Type::kString, "127.0.0.1:7197", "the zt-delivery gRPC address, host:port"});
  s.add({.name = "seed-file",
         .description = "the JWS signing seed written by `zt-loadgen keygen --seed`",
         .required = true});
  s.add({"kid", Type::kString, "bench", "key id of the signing seed in the JWKS the DS fetches"});
  s.add({"org", Type::kString, "org-bench", "organisation id in the device tokens"});
  s.add({.name = "json", .description = "where to write the JSON report", .required = true});
  s.add({"phases", Type::kString, "fanout,commits,join",
         "the phases to run, comma separated: fanout, commits, join"});
  s.add({"members", Type::kInt, "1000", "devices in the fanout group and in the join meeting"});
  s.add({"trials", Type::kInt, "30", "messages sent in the fanout phase"});
  s.add({"groups", Type::kInt, "100", "one-member groups of the commits phase"});
  s.add({"commits-per-group", Type::kInt, "20", "commits prepared per group in the commits phase"});
  s.add({"clients", Type::kInt, "32", "concurrent clients sending commits"});
  s.add({"message-bytes", Type::kInt, "1200",
         "plaintext bytes of each fanout message (~1.3 KB as a PrivateMessage)"});
  return zt::config::Program::without_subcommands(
      "zt-delivery-bench",
      "drives a running zt-delivery with real MLS clients (fanout, commits, join phases) and "
      "writes one JSON report; the load tool of `make bench-delivery`.",
      s,
      "Exit status: 0 when the report is written; 1 when a call fails; 2 usage error.\n"
      "Example: zt-delivery-bench --target 127.0.0.1:7197 --seed-file seed --json delivery.json");
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
  o.org = cfg.get_string("org");
  o.json = cfg.get_string("json");
  o.phases = cfg.get_string("phases");
  o.members = positive(cfg, "members");
  o.trials = positive(cfg, "trials");
  o.groups = positive(cfg, "groups");
  o.commits_per_group = positive(cfg, "commits-per-group");
  o.clients = positive(cfg, "clients");
  o.message_bytes = positive(cfg, "message-bytes");
  return o;
}

std::string str(const Bytes& b) { return std::string(b.begin(), b.end()); }

class Tokens {
 public:
  Tokens(const std::string& kid, const zt::crypto::SecretBytes& seed_hex, std::string org)
      : org_(std::move(org)) {
    try {
      signer_ = std::make_unique<zt::auth::JwsSigner>(zt::auth::JwsSigner::from_seed_hex(kid, seed_hex));
    } catch (const std::invalid_argument& e) {
      usage(std::string("--seed-file: ") + e.what());
    }
  }
  std::string device(const std::string& id) const {
    zt::auth::Claims c;
    c.subject = "client-" + id;
    c.org_id = org_;
    c.user_id = "u-" + id;
    c.device_id = id;
    c.roles = {std::string(zt::auth::kRoleDevice)};
    c.issued_at =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    c.expires_at = c.issued_at + std::chrono::hours(2);
    return signer_->sign(zt::auth::claims_to_json(c));
  }
  const std::string& org() const { return org_; }

 private:
  std::string org_;
  std::unique_ptr<zt::auth::JwsSigner> signer_;
};

struct Device {
  std::string id, token;
  zt::mls::KeyPackageBundle bundle;
};

Device make_device(const Tokens& tokens, const std::string& id) {
  zt::mls::KeyPackageParams p;
  p.cipher_suite = 1;
  std::string uri = "zt://" + tokens.org() + "/devices/" + id;
  p.credential = zt::mls::Credential{zt::mls::BasicCredential{Bytes(uri.begin(), uri.end())}};
  return {id, tokens.device(id), zt::mls::create_key_package(std::move(p))};
}

std::unique_ptr<grpc::ClientContext> ctx_for(const std::string& token) {
  auto c = std::make_unique<grpc::ClientContext>();
  c->AddMetadata("authorization", "Bearer " + token);
  c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  return c;
}

void check(const grpc::Status& st, const std::string& what) {
  if (st.ok()) return;
  std::fprintf(stderr, "zt-delivery-bench: %s: %d %s\n", what.c_str(), st.error_code(),
               st.error_message().c_str());
  std::exit(1);
}

void create_group(v1::Delivery::Stub& stub, const Device& host, const std::string& id,
                  const zt::mls::Group& g) {
  v1::CreateGroupRequest req;
  req.set_group_id(id);
  req.set_cipher_suite(1);
  req.set_type(v1::MEETING_TYPE_E2EE);
  req.set_kind(v1::GROUP_KIND_CALL);
  req.set_group_info(str(zt::mls::encode(g.group_info())));
  v1::Group out;
  check(stub.CreateGroup(ctx_for(host.token).get(), req, &out), "CreateGroup " + id);
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

// ------------------------------------------------------------------ fan-out

// Counts, per sequence, the streams that have it; wakes the sender when all do.
class Arrivals {
 public:
  explicit Arrivals(int streams) : streams_(streams) {}
  void got(uint64_t seq) {
    std::lock_guard lock(mu_);
    if (++count_[seq] == streams_) {
      done_[seq] = Clock::now();
      cv_.notify_all();
    }
  }
  std::optional<Clock::time_point> wait_all(uint64_t seq, std::chrono::seconds timeout) {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, timeout, [&] { return done_.count(seq) != 0; })) return std::nullopt;
    return done_[seq];
  }

 private:
  const int streams_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<uint64_t, int> count_;
  std::map<uint64_t, Clock::time_point> done_;
};

// A server stream read with the callback API; `on_message` runs on gRPC's threads.
template <class Request, class Message>
class StreamReader : public grpc::ClientReadReactor<Message> {
 public:
  using Start = void (v1::Delivery::Stub::async_interface::*)(grpc::ClientContext*, const Request*,
                                                               grpc::ClientReadReactor<Message>*);
  StreamReader(v1::Delivery::Stub& stub, Start start, const std::string& token, Request req,
               std::function<void(const Message&)> on_message)
      : req_(std::move(req)), on_message_(std::move(on_message)) {
    ctx_.AddMetadata("authorization", "Bearer " + token);
    (stub.async()->*start)(&ctx_, &req_, this);
    this->StartRead(&msg_);
    this->StartCall();
  }
  void OnReadDone(bool ok) override {
    if (!ok) return;
    on_message_(msg_);
    this->StartRead(&msg_);
  }
  void OnDone(const grpc::Status& s) override {
    std::lock_guard lock(mu_);
    status_ = s;
    done_ = true;
    cv_.notify_all();
  }
  void cancel_and_wait() {
    ctx_.TryCancel();
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return done_; });
  }

 private:
  grpc::ClientContext ctx_;
  Request req_;
  std::function<void(const Message&)> on_message_;
  Message msg_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  grpc::Status status_;
};

using GroupReader = StreamReader<v1::SubscribeRequest, v1::GroupMessage>;
using WelcomeReader = StreamReader<v1::SubscribeWelcomesRequest, v1::WelcomeMessage>;

void fanout_phase(const Options& o, const Tokens& tokens, nlohmann::json& out) {
  auto channel = grpc::CreateChannel(o.target, grpc::InsecureChannelCredentials());
  auto stub = v1::Delivery::NewStub(channel);
  const std::string gid = "bench-fanout";
  std::vector<Device> devices;
  for (int i = 0; i < o.members; ++i) devices.push_back(make_device(tokens, "fan-" + std::to_string(i)));
  zt::mls::Group group = zt::mls::Group::create(Bytes(gid.begin(), gid.end()), devices[0].bundle);
  create_group(*stub, devices[0], gid, group);
  auto t0 = Clock::now();
  zt::mls::CommitOptions add;
  for (size_t i = 1; i < devices.size(); ++i)
    add.proposals.push_back(zt::mls::Proposal{zt::mls::Add{devices[i].bundle.key_package}});
  add.inline_tree = false;  // the Welcome is only stored here, never joined from
  zt::mls::CommitResult r = group.commit(std::move(add));
  group.merge_pending_commit();
  v1::SendCommitRequest c;
  c.set_group_id(gid);
  c.set_commit(str(zt::mls::encode(r.commit)));
  if (r.welcome) c.set_welcome(str(zt::mls::encode(*r.welcome)));
  c.set_group_info(str(zt::mls::encode(group.group_info())));
  v1::SendCommitResponse won;
  check(stub->SendCommit(ctx_for(devices[0].token).get(), c, &won), "SendCommit (adds)");
  out["fanout_add_commit_s"] =
      std::chrono::duration<double>(Clock::now() - t0).count();
  out["fanout_add_commit_bytes"] = c.commit().size();

  // One stream per member, spread over channels (HTTP/2 stream limits).
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  std::vector<std::unique_ptr<v1::Delivery::Stub>> stubs;
  for (int i = 0; i < 16; ++i) {
    grpc::ChannelArguments args;
    args.SetInt("bench-channel", i);  // distinct connections
    channels.push_back(grpc::CreateCustomChannel(o.target, grpc::InsecureChannelCredentials(), args));
    stubs.push_back(v1::Delivery::NewStub(channels.back()));
  }
  Arrivals arrivals(o.members);
  std::vector<std::unique_ptr<GroupReader>> readers;
  for (int i = 0; i < o.members; ++i) {
    v1::SubscribeRequest req;
    req.set_group_id(gid);
    req.set_from_sequence(won.sequence());
    readers.push_back(std::make_unique<GroupReader>(
        *stubs[static_cast<size_t>(i) % stubs.size()], &v1::Delivery::Stub::async_interface::Subscribe,
        devices[static_cast<size_t>(i)].token, req,
        [&arrivals](const v1::GroupMessage& m) { arrivals.got(m.sequence()); }));
  }
  auto send = [&](uint64_t* seq) {
    v1::SendApplicationMessageRequest req;
    req.set_group_id(gid);
    req.set_message(str(zt::mls::encode(group.protect(Bytes(static_cast<size_t>(o.message_bytes), 'x')))));
    v1::SendMessageResponse resp;
    auto start = Clock::now();
    check(stub->SendApplicationMessage(ctx_for(devices[0].token).get(), req, &resp),
          "SendApplicationMessage");
    *seq = resp.sequence();
    return std::make_pair(start, req.message().size());
  };
  // Warm-up: every stream is attached once it has the first message.
  uint64_t seq = 0;
  send(&seq);
  if (!arrivals.wait_all(seq, std::chrono::seconds(120))) {
    std::fprintf(stderr, "zt-delivery-bench: not every stream got the warm-up message\n");
    std::exit(1);
  }
  std::vector<double> ms;
  size_t bytes = 0;
  for (int t = 0; t < o.trials; ++t) {
    auto [start, size] = send(&seq);
    bytes = size;
    auto done = arrivals.wait_all(seq, std::chrono::seconds(30));
    if (!done) {
      std::fprintf(stderr, "zt-delivery-bench: message %llu did not reach every stream\n",
                   static_cast<unsigned long long>(seq));
      std::exit(1);
    }
    ms.push_back(std::chrono::duration<double, std::milli>(*done - start).count());
  }
  for (auto& r : readers) r->cancel_and_wait();
  out["fanout_members"] = o.members;
  out["fanout_trials"] = o.trials;
  out["fanout_message_bytes"] = bytes;
  out["fanout_1000_p50_ms"] = percentile(ms, 0.50);
  out["fanout_1000_p99_ms"] = percentile(ms, 0.99);
  out["fanout_max_ms"] = percentile(ms, 1.0);
}

// ------------------------------------------------------------------ commits

void commits_phase(const Options& o, const Tokens& tokens, nlohmann::json& out) {
  auto stub = v1::Delivery::NewStub(grpc::CreateChannel(o.target, grpc::InsecureChannelCredentials()));
  struct Chain {
    Device host;
    std::string gid;
    std::vector<v1::SendCommitRequest> commits;
  };
  std::vector<Chain> chains;
  for (int g = 0; g < o.groups; ++g) {
    Chain ch{make_device(tokens, "com-" + std::to_string(g)), "bench-commits-" + std::to_string(g), {}};
    zt::mls::Group group =
        zt::mls::Group::create(Bytes(ch.gid.begin(), ch.gid.end()), ch.host.bundle);
    create_group(*stub, ch.host, ch.gid, group);
    for (int i = 0; i < o.commits_per_group; ++i) {
      zt::mls::CommitResult r = group.commit();
      group.merge_pending_commit();
      v1::SendCommitRequest c;
      c.set_group_id(ch.gid);
      c.set_commit(str(zt::mls::encode(r.commit)));
      c.set_group_info(str(zt::mls::encode(group.group_info())));
      ch.commits.push_back(std::move(c));
    }
    chains.push_back(std::move(ch));
  }
  std::atomic<int64_t> accepted{0}, refused{0};
  std::vector<std::thread> threads;
  auto start = Clock::now();
  for (int t = 0; t < o.clients; ++t) {
    threads.emplace_back([&, t] {
      auto s = v1::Delivery::NewStub(grpc::CreateChannel(o.target, grpc::InsecureChannelCredentials()));
      // This client's groups, one commit of each in turn (a group's commits in order).
      for (int i = 0; i < o.commits_per_group; ++i) {
        for (size_t g = static_cast<size_t>(t); g < chains.size(); g += static_cast<size_t>(o.clients)) {
          v1::SendCommitResponse resp;
          auto st = s->SendCommit(ctx_for(chains[g].host.token).get(),
                                  chains[g].commits[static_cast<size_t>(i)], &resp);
          (st.ok() ? accepted : refused)++;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  out["commits_groups"] = o.groups;
  out["commits_clients"] = o.clients;
  out["commits_accepted"] = accepted.load();
  out["commits_refused"] = refused.load();
  out["commits_seconds"] = seconds;
  out["commits_per_s"] = static_cast<double>(accepted.load()) / seconds;
}

// --------------------------------------------------------------------- join

zt::mls::Extensions ds_external_senders(v1::Delivery::Stub& stub, const Device& host) {
  v1::GetExternalSenderRequest req;
  req.set_cipher_suite(1);
  v1::ExternalSender es;
  check(stub.GetExternalSender(ctx_for(host.token).get(), req, &es), "GetExternalSender");
  auto sender = zt::mls::decode<zt::mls::ExternalSender>(
      Bytes(es.external_sender().begin(), es.external_sender().end()));
  if (!sender) check({grpc::StatusCode::INTERNAL, "external_sender does not decode"}, "decode");
  return {zt::mls::Extension{zt::mls::kExtensionExternalSenders,
                             zt::mls::encode(zt::mls::ExternalSenders{*sender})}};
}

void join_phase(const Options& o, const Tokens& tokens, nlohmann::json& out) {
  auto stub = v1::Delivery::NewStub(grpc::CreateChannel(o.target, grpc::InsecureChannelCredentials()));
  const std::string gid = "bench-join";
  Device host = make_device(tokens, "join-host");
  zt::mls::Group group = zt::mls::Group::create(Bytes(gid.begin(), gid.end()), host.bundle,
                                                ds_external_senders(*stub, host));
  create_group(*stub, host, gid, group);
  std::vector<Device> joiners;
  for (int i = 1; i < o.members; ++i) joiners.push_back(make_device(tokens, "join-" + std::to_string(i)));

  // The host's stream, read into a queue the host works through.
  std::mutex mu;
  std::condition_variable cv;
  std::deque<v1::GroupMessage> inbox;
  std::vector<v1::GroupMessage> log;  // every group message, for the joiners' catch-up
  v1::SubscribeRequest sub;
  sub.set_group_id(gid);
  GroupReader host_stream(*stub, &v1::Delivery::Stub::async_interface::Subscribe, host.token, sub,
                          [&](const v1::GroupMessage& m) {
                            std::lock_guard lock(mu);
                            inbox.push_back(m);
                            cv.notify_all();
                          });
  // Each joiner's Welcome stream.
  std::vector<std::optional<v1::WelcomeMessage>> welcomes(joiners.size());
  std::atomic<size_t> welcomed{0};
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  std::vector<std::unique_ptr<v1::Delivery::Stub>> stubs;
  for (int i = 0; i < 16; ++i) {
    grpc::ChannelArguments args;
    args.SetInt("bench-channel", i);
    channels.push_back(grpc::CreateCustomChannel(o.target, grpc::InsecureChannelCredentials(), args));
    stubs.push_back(v1::Delivery::NewStub(channels.back()));
  }
  std::vector<std::unique_ptr<WelcomeReader>> welcome_streams;
  for (size_t i = 0; i < joiners.size(); ++i) {
    welcome_streams.push_back(std::make_unique<WelcomeReader>(
        *stubs[i % stubs.size()], &v1::Delivery::Stub::async_interface::SubscribeWelcomes,
        joiners[i].token, v1::SubscribeWelcomesRequest{}, [&, i](const v1::WelcomeMessage& w) {
          std::lock_guard lock(mu);
          if (!welcomes[i]) {
            welcomes[i] = w;
            ++welcomed;
            cv.notify_all();
          }
        }));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // streams attached

  const auto start = Clock::now();
  std::vector<std::thread> requesters;
  for (int t = 0; t < 8; ++t) {
    requesters.emplace_back([&, t] {
      for (size_t i = static_cast<size_t>(t); i < joiners.size(); i += 8) {
        v1::RequestJoinRequest req;
        req.set_group_id(gid);
        req.set_key_package(str(zt::mls::encode(joiners[i].bundle.key_package)));
        v1::RequestJoinResponse resp;
        check(stubs[i % stubs.size()]->RequestJoin(ctx_for(joiners[i].token).get(), req, &resp),
              "RequestJoin");
      }
    });
  }
  // The host: caches proposals, commits on request, until everyone is in.
  int commits = 0;
  uint64_t last_commit = 0;
  while (group.roster().size() < static_cast<size_t>(o.members)) {
    v1::GroupMessage m;
    {
      std::unique_lock lock(mu);
      if (!cv.wait_for(lock, std::chrono::seconds(60), [&] { return !inbox.empty(); })) {
        std::fprintf(stderr, "zt-delivery-bench: join: nothing from the DS for 60 s\n");
        std::exit(1);
      }
      m = inbox.front();
      inbox.pop_front();
    }
    if (m.kind() != v1::MESSAGE_KIND_COMMIT_REQUEST) log.push_back(m);
    if (m.kind() == v1::MESSAGE_KIND_PROPOSAL && m.epoch() == group.epoch()) {
      group.handle(*zt::mls::decode<zt::mls::MlsMessage>(Bytes(m.message().begin(), m.message().end())));
    } else if (m.kind() == v1::MESSAGE_KIND_COMMIT_REQUEST && m.epoch() == group.epoch() &&
               group.pending_proposal_count() > 0) {
      zt::mls::CommitOptions opts;
      opts.inline_tree = true;
      zt::mls::CommitResult r = group.commit(opts);
      v1::SendCommitRequest c;
      c.set_group_id(gid);
      c.set_commit(str(zt::mls::encode(r.commit)));
      if (r.welcome) c.set_welcome(str(zt::mls::encode(*r.welcome)));
      zt::mls::Group next = std::move(group);
      next.merge_pending_commit();
      c.set_group_info(str(zt::mls::encode(next.group_info())));
      v1::SendCommitResponse resp;
      grpc::Status st = stub->SendCommit(ctx_for(host.token).get(), c, &resp);
      check(st, "SendCommit (batched joins)");
      group = std::move(next);
      ++commits;
      last_commit = resp.sequence();
    }
  }
  for (auto& t : requesters) t.join();
  {
    std::unique_lock lock(mu);
    cv.wait_for(lock, std::chrono::seconds(60), [&] { return welcomed.load() == joiners.size(); });
    // The group's messages up to the last commit, as the members' streams have them.
    while (log.empty() || log.back().sequence() < last_commit) {
      if (!cv.wait_for(lock, std::chrono::seconds(30), [&] { return !inbox.empty(); })) break;
      while (!inbox.empty()) {
        if (inbox.front().kind() != v1::MESSAGE_KIND_COMMIT_REQUEST) log.push_back(inbox.front());
        inbox.pop_front();
      }
    }
  }
  // Until here the DS's part: every proposal, commit and Welcome is delivered.
  out["join_welcomed_s"] = std::chrono::duration<double>(Clock::now() - start).count();
  // Every joiner joins from its Welcome and applies the group's commits after it.
  std::vector<v1::GroupMessage> history;
  {
    std::lock_guard lock(mu);
    history = log;
  }
  std::atomic<size_t> agreed{0};
  std::atomic<uint64_t> bytes{0};
  std::vector<std::thread> workers;
  const Bytes auth(group.epoch_authenticator().begin(), group.epoch_authenticator().end());
  for (int t = 0; t < 2; ++t) {
    workers.emplace_back([&, t] {
      for (size_t i = static_cast<size_t>(t); i < joiners.size(); i += 2) {
        const v1::WelcomeMessage& w = *welcomes[i];
        uint64_t got = w.welcome().size();
        auto member = zt::mls::Group::join(
            *zt::mls::decode<zt::mls::MlsMessage>(Bytes(w.welcome().begin(), w.welcome().end())),
            joiners[i].bundle);
        for (const auto& m : history) {
          if (m.sequence() <= w.sequence()) continue;
          got += m.message().size();
          if (m.kind() == v1::MESSAGE_KIND_APPLICATION || m.epoch() != member.epoch()) continue;
          member.handle(*zt::mls::decode<zt::mls::MlsMessage>(Bytes(m.message().begin(), m.message().end())));
        }
        bytes += got;
        if (member.epoch() == group.epoch() &&
            Bytes(member.epoch_authenticator().begin(), member.epoch_authenticator().end()) == auth)
          ++agreed;
      }
    });
  }
  for (auto& t : workers) t.join();
  const double wall = std::chrono::duration<double>(Clock::now() - start).count();
  for (auto& w : welcome_streams) w->cancel_and_wait();
  host_stream.cancel_and_wait();
  out["join_members"] = o.members;
  out["join_1000_wall_s"] = wall;
  out["join_1000_commits"] = commits;
  out["join_1000_bytes_per_member"] =
      joiners.empty() ? 0.0 : static_cast<double>(bytes.load()) / static_cast<double>(joiners.size());
  out["join_members_agreeing"] = agreed.load() + 1;  // with the host
}

int run(const Options& o) {
  Tokens tokens(o.kid, zt::config::read_secret_file(o.seed_file, "seed-file"), o.org);
  nlohmann::json out;
  if (o.phases.find("fanout") != std::string::npos) fanout_phase(o, tokens, out);
  if (o.phases.find("commits") != std::string::npos) commits_phase(o, tokens, out);
  if (o.phases.find("join") != std::string::npos) join_phase(o, tokens, out);
  std::ofstream(o.json) << out.dump(2) << "\n";
  std::printf("%s\n", out.dump(2).c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return zt::config::run_command_line(
      program(), argc, argv,
      [](const zt::config::Command&, const zt::config::Config& cfg) { return run(options(cfg)); });
}
