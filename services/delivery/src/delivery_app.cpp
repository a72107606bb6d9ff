#include "delivery_app.h"

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
}

DeliveryApp::~DeliveryApp() {
  // No Redis message may reach a stream while the members go.
  scheduler_.stop();
  fanout_.close_all();
  fanout_.stop();
}

std::unique_ptr<DeliveryGrpcService> DeliveryApp::make_grpc_service() {
  return std::make_unique<DeliveryGrpcService>(
      ServiceDeps{auth_, directory_, groups_, log_, signer_, stream_deps_, joining_});
}

}  // namespace zt::delivery
