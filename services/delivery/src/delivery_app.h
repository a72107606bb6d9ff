// The Delivery Service wired together: store, token verification, the DS
// signing key, fan-out, the logic classes and the gRPC service. main.cpp
// and the in-process tests build one of these; members are built in
// declaration order and destroyed in reverse.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>

#include "authenticator.h"
#include "commit_check.h"
#include "commit_scheduler.h"
#include "controlhub_view.h"
#include "delivery_grpc_service.h"
#include "delivery_metrics.h"
#include "external_sender.h"
#include "fanout.h"
#include "grant_keys.h"
#include "group_log.h"
#include "group_registry.h"
#include "joining.h"
#include "key_package_directory.h"
#include "media_grant_issuer.h"
#include "meeting_policy.h"
#include "pg_store.h"
#include "policy_metrics.h"
#include "public_view_cache.h"
#include "subscribe_stream.h"
#include "zt/server/work_queue.h"
#include "zt/auth/token_verifier.h"
#include "zt/base/clock.h"
#include "zt/http/server.h"
#include "zt/pg/migrations.h"
#include "zt/pg/pool.h"
#include "zt/redis/client.h"
#include "zt/server/revocation_feed.h"

namespace zt::delivery {

// The embedded services/delivery/migrations.
std::span<const pg::Migration> delivery_migrations();

struct DeliveryOptions {
  auth::JwksFetcher jwks;       // Control Hub's token keys (http_jwks_fetcher in main.cpp)
  crypto::SecretBytes signing_key_hex;  // the DS's Ed25519 seed in hex; empty: a fresh key for this process
  int stream_threads = 2;       // WorkQueue threads for stream reads
  std::size_t stream_budget_bytes = 4 << 20;
  MeetingNumberSource meeting_numbers = random_meeting_numbers();
  // Joining (issue 14 point 6): public views kept (groups), the designated committer's pacing.
  std::size_t view_cache_groups = kDefaultViewCacheGroups;
  CommitSchedulerOptions committer;
  // The meeting policy and media grants (issue 14 points 7 and 8). The
  // grant keys derive from signing_key_hex (a fresh secret when empty).
  MeetingPolicyOptions policy;
  ControlHubOptions controlhub;  // no credentials: device kinds and org policy not checked
  GrantKeyOptions grant_keys;
  std::string http_address;  // the grant JWKS over HTTP ("host:0" in tests); empty: none
  http::HttpServerOptions http;
};

class DeliveryApp {
 public:
  // `redis` may be null (no cross-replica fan-out); `subscribe` set =>
  // take other replicas' messages. `registry` may be null.
  DeliveryApp(pg::Pool& pool, redis::Client* redis, std::optional<redis::Options> subscribe,
              const Clock& clock, DeliveryOptions options, prometheus::Registry* registry);
  ~DeliveryApp();

  // A gRPC service over this app; the app must outlive it.
  std::unique_ptr<DeliveryGrpcService> make_grpc_service();
  // Drain: every open Subscribe stream ends with UNAVAILABLE.
  void stop_streams() { fanout_.close_all(); }

  Store& store() { return store_; }
  Fanout& fanout() { return fanout_; }
  const ExternalSenderKey& signer() const { return signer_; }
  PublicViewCache& views() { return views_; }
  CommitScheduler& scheduler() { return scheduler_; }
  MeetingPolicy& policy() { return policy_; }
  MediaGrantIssuer& grants() { return grants_; }
  int http_port() const { return http_ ? http_->port() : 0; }  // 0: no listener

 private:
  DeliveryOptions options_;
  PgStore store_;
  std::optional<DeliveryMetrics> metrics_;
  auth::TokenVerifier verifier_;
  auth::RevocationList revoked_;
  std::unique_ptr<server::RevocationFeed> revocation_feed_;  // null without Redis
  Authenticator auth_;
  ExternalSenderKey signer_;
  Fanout fanout_;
  KeyPackageDirectory directory_;
  GroupRegistry groups_;
  std::optional<PolicyMetrics> policy_metrics_;
  ControlHubView controlhub_;
  MeetingPolicy policy_;
  GrantKeyRing grant_keys_;
  MediaGrantIssuer grants_;
  PublicViewCache views_;
  CommitCheck commit_check_;
  GroupLog log_;
  Joining joining_;
  CommitScheduler scheduler_;
  server::WorkQueue work_;  // after what its tasks use: joined before they go
  StreamDeps stream_deps_;
  std::unique_ptr<http::HttpServer> http_;  // the grant JWKS; last, so it stops first
};

}  // namespace zt::delivery
