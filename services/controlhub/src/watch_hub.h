// WatchOrgPolicy streams on the gRPC callback API: no thread per stream.
// One worker thread reads an org's policy once when the policy bus announces
// a change (or every resync interval, for changes whose announcement was
// lost) and offers it to every stream of that org; a stream writes only
// versions newer than what it sent, one write in flight at a time, keeping
// the newest pending. Streams per principal are capped.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "policy_bus.h"
#include "store.h"
#include "zt/controlhub/v1/controlhub.pb.h"

namespace zt::controlhub {

class WatchHub;

// The policy as watchers and GetOrgPolicy see it.
v1::OrgPolicy policy_proto(const OrgSettings& settings);

// A stream that only carries its final status (a refused watch).
class FinishedWatch final : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
 public:
  explicit FinishedWatch(const grpc::Status& status) { Finish(status); }
  void OnDone() override { delete this; }
};

// One stream; deletes itself when gRPC is done with it.
class PolicyWatch final : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
 public:
  PolicyWatch(WatchHub& hub, std::string org_id, std::string principal);

  // Writes `settings` unless this stream sent that version or a newer one.
  void offer(const OrgSettings& settings);
  // Ends the stream with `status` once the write in flight (if any) is done.
  void end(const grpc::Status& status);
  const std::string& org_id() const { return org_id_; }
  const std::string& principal() const { return principal_; }

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  void write_pending_locked();
  void finish_locked(const grpc::Status& status);

  WatchHub& hub_;
  const std::string org_id_;
  const std::string principal_;
  std::mutex mu_;
  grpc::ByteBuffer buffer_;  // the message being written
  std::optional<OrgSettings> pending_;
  int64_t offered_version_ = -1;
  bool writing_ = false;
  std::optional<grpc::Status> end_status_;
  bool finished_ = false;
};

class WatchHub {
 public:
  WatchHub(Store& store, PolicyBus& bus, std::chrono::milliseconds resync_interval,
           size_t max_per_principal);
  ~WatchHub();

  // A stream for `principal` on `org_id`, started with the org's current
  // policy; throws DomainError (kNotFound, kResourceExhausted) or, once
  // stop() was called, hands back a stream finished with UNAVAILABLE.
  grpc::ServerWriteReactor<grpc::ByteBuffer>* open(const std::string& org_id,
                                                   const std::string& principal);
  // Ends every stream with UNAVAILABLE and refuses new ones (drain).
  void stop();
  size_t open_streams() const;

 private:
  friend class PolicyWatch;
  void remove(PolicyWatch* watch);
  void release(const std::string& principal);  // with mu_ held
  void enqueue(const std::string& org_id);
  void run();

  Store& store_;
  PolicyBus& bus_;
  std::chrono::milliseconds resync_interval_;
  size_t max_per_principal_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, std::set<PolicyWatch*>> by_org_;
  std::map<std::string, size_t> per_principal_;
  std::deque<std::string> queue_;
  bool stopping_ = false;
  bool exiting_ = false;
  uint64_t listener_ = 0;
  std::thread worker_;
};

}  // namespace zt::controlhub
