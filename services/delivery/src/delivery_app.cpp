#include "delivery_app.h"

#include "grant_jwks_http.h"
#include "zt/crypto/random.h"
#include "zt/log/log.h"
#include "zt_delivery_core_migrations.h"

namespace zt::delivery {
namespace {

DeliveryMetrics* ptr(std::optional<DeliveryMetrics>& m) { return m ? &*m : nullptr; }

std::optional<DeliveryMetrics> metrics_for(prometheus::Registry* registry) {
  if (registry == nullptr) return std::nullopt;
  return register_delivery_metrics(*registry);
}

ExternalSenderKey signer_from(const crypto::SecretBytes& seed_hex) {
  return seed_hex.empty() ? ExternalSenderKey::generate() : ExternalSenderKey(seed_hex);
}

std::optional<PolicyMetrics> policy_metrics_for(prometheus::Registry* registry) {
  if (registry == nullptr) return std::nullopt;
  return register_policy_metrics(*registry);
}

PolicyMetrics* ptr(std::optional<PolicyMetrics>& m) { return m ? &*m : nullptr; }

// The grant keys' root: the shared signing secret, or a fresh one.
crypto::SecretBytes grant_root(const crypto::SecretBytes& signing_secret) {
  if (!signing_secret.empty()) return signing_secret;
  return crypto::SecretBytes::adopt(crypto::SystemRandom::instance().bytes(32));
}

}  // namespace

std::span<const pg::Migration> delivery_migrations() { return zt_delivery_core_migrations(); }

DeliveryApp::DeliveryApp(pg::Pool& pool, redis::Client* redis,
                         std::optional<redis::Options> subscribe, const Clock& clock,
                         DeliveryOptions options, prometheus::Registry* registry)
    : options_(std::move(options)),
      store_(pool),
      metrics_(metrics_for(registry)),
      verifier_(options_.jwks, clock),
      revoked_(clock),
      revocation_feed_(subscribe
                           ? std::make_unique<server::RevocationFeed>(*subscribe, revoked_, clock)
                           : nullptr),
      auth_(verifier_, &revoked_),
      signer_(signer_from(options_.signing_key_hex)),
      fanout_(redis, std::move(subscribe), ptr(metrics_)),
      directory_(store_, clock, ptr(metrics_)),
      groups_(store_, options_.meeting_numbers),
      policy_metrics_(policy_metrics_for(registry)),
      controlhub_(std::move(options_.controlhub), clock, ptr(policy_metrics_)),
      policy_(controlhub_.devices(), controlhub_.orgs(), options_.policy, ptr(policy_metrics_)),
      grant_keys_(grant_root(options_.signing_key_hex), clock, options_.grant_keys),
      grants_(groups_, grant_keys_, clock, ptr(policy_metrics_)),
      views_(store_, clock, options_.view_cache_groups),
      commit_check_(views_),
      log_(store_, groups_, commit_check_, fanout_, ptr(metrics_)),
      joining_(store_, groups_, log_, commit_check_, signer_, ptr(metrics_)),
      scheduler_(store_, commit_check_, fanout_, joining_, redis, options_.committer,
                 ptr(metrics_)),
      work_(options_.stream_threads),
      stream_deps_{
          auth_, groups_, store_, fanout_, work_, ptr(metrics_), options_.stream_budget_bytes} {
  for (const auto& s : PgStore::statements()) pool.add_statement(s);
  fanout_.observe([this](BytesView group_id, const v1::GroupMessage& m) {
    scheduler_.observe(group_id, m);
  });
  scheduler_.start();
  log_.gate_commits([this](const GroupRecord& group, const CheckedCommit& checked,
                           const mls::MlsMessage& new_group_info) {
    policy_.check_commit(group, checked.devices_added, new_group_info);
  });
  if (!options_.http_address.empty()) {
    http_ = std::make_unique<http::HttpServer>(
        options_.http_address,
        [this](const http::HttpRequest& r) {
          return grant_jwks_http(r, [this] { return grants_.jwks_json(); });
        },
        options_.http, registry);
    log::info("http serving", {log::field("http_port", http_->port())});
  }
}

DeliveryApp::~DeliveryApp() {
  // No Redis message may reach a stream while the members go.
  scheduler_.stop();
  fanout_.close_all();
  fanout_.stop();
}

std::unique_ptr<DeliveryGrpcService> DeliveryApp::make_grpc_service() {
  return std::make_unique<DeliveryGrpcService>(
      ServiceDeps{auth_, directory_, groups_, log_, signer_, stream_deps_, policy_, grants_,
                  joining_});
}

}  // namespace zt::delivery
