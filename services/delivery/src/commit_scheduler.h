// The designated committer of batched joins (issue 14 point 6b): when a
// group has pending proposals (external Adds and Removes from RequestJoin
// and RequestLeave, members' own proposals), one connected member is told
// through its Subscribe stream (MESSAGE_KIND_COMMIT_REQUEST) to commit all
// of them, at most once per `interval` per group (delivery.commit_interval_ms).
//
// Who is connected: a member device with an open Subscribe stream of the
// group on some replica. Each replica knows its own streams (Fanout); with
// Redis, each also writes them to the sorted set
// "zt.delivery.presence:<group hex>" (member: device id, score: expiry in
// Unix ms, refreshed every `presence_refresh`, kept for `presence_ttl`, so
// the streams of a replica that died drop out on their own), and reads the
// whole set: every replica then sees the same connected members.
//
// Who commits: the connected members sorted by leaf index; the first
// pending proposal of the epoch was stored `waited` ms ago (PostgreSQL's
// clock, the same for every replica); the designated one is number
// floor(waited / deadline) modulo their count. So the lowest-index connected member is asked first, and
// when it has not committed within `deadline` the next one takes over,
// with no coordination beyond the presence set: each replica computes the
// same member and only the replica that holds its stream sends the request.
//
// Also: after each commit a replica sees (its own or another's, through
// the fan-out), it has Joining reissue the requests that commit left out.
//
// Time: the pacing of requests is this process's steady clock; presence
// expiry is wall-clock Unix ms (replicas' clocks are NTP-synchronised; a
// skew shortens or lengthens the TTL, nothing else).
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>

#include "commit_check.h"
#include "delivery_metrics.h"
#include "fanout.h"
#include "joining.h"
#include "store.h"
#include "zt/redis/client.h"

namespace zt::delivery {

struct CommitSchedulerOptions {
  std::chrono::milliseconds interval{250};  // between two requests to commit, per group
  std::chrono::milliseconds deadline{2000};  // before the next member takes over
  std::chrono::milliseconds presence_ttl{3000};
  std::chrono::milliseconds presence_refresh{1000};
};

class CommitScheduler {
 public:
  // `redis` may be null (one replica: its own streams are all there is).
  CommitScheduler(Store& store, CommitCheck& check, Fanout& fanout, Joining& joining,
                  redis::Client* redis, CommitSchedulerOptions options,
                  DeliveryMetrics* metrics);
  ~CommitScheduler();  // stops the thread
  CommitScheduler(const CommitScheduler&) = delete;
  CommitScheduler& operator=(const CommitScheduler&) = delete;

  // Starts the thread that runs tick() every interval.
  void start();
  void stop();
  // One round: presence, reissues, requests. Public for tests.
  void tick();

  // What the fan-out handed to this replica's streams (Fanout::observe).
  void observe(BytesView group_id, const v1::GroupMessage& message);

 private:
  void refresh_presence();
  std::set<std::string> connected(BytesView group_id);
  void request(BytesView group_id);

  Store& store_;
  CommitCheck& check_;
  Fanout& fanout_;
  Joining& joining_;
  redis::Client* redis_;
  const CommitSchedulerOptions options_;
  DeliveryMetrics* metrics_;

  std::mutex mu_;
  std::condition_variable cv_;
  // Keyed by the group id's bytes.
  std::set<std::string> pending_;  // groups with proposals seen since their last commit
  std::set<std::string> reissue_;  // groups with a commit seen since the last tick
  struct Asked {
    uint64_t epoch = 0;
    std::size_t turn = 0;
    std::string device;
    std::chrono::steady_clock::time_point at;
  };
  std::unordered_map<std::string, Asked> asked_;  // per group (key: group id bytes)
  std::chrono::steady_clock::time_point presence_refreshed_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace zt::delivery
