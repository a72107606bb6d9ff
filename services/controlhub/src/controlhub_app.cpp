#include "controlhub_app.h"

#include "zt/log/log.h"
#include "zt_controlhub_core_migrations.h"

namespace zt::controlhub {

std::span<const pg::Migration> controlhub_migrations() { return zt_controlhub_core_migrations(); }

ControlHubApp::ControlHubApp(pg::Pool& pool, redis::Client* redis, std::optional<redis::Options> subscribe,
                             const Clock& clock, crypto::RandomSource& random, ControlHubOptions options,
                             prometheus::Registry* registry)
    : options_(std::move(options)),
      clock_(clock),
      random_(random),
      pool_(pool),
      store_(pool),
      idempotency_(pool),
      vault_(options_.master_secret, random),
      tokens_(pool, vault_, clock, random, options_.token_ttl),
      gate_(store_, tokens_.verifier(), clock),
      ca_(pool, vault_, clock, options_.certificate_validity),
      bus_(redis, std::move(subscribe), [this](const std::string& client_id) { gate_.forget(client_id); }, clock),
      registry_(registry) {
  options_.master_secret.wipe();  // the vault holds its key now
  for (const auto& s : PgStore::statements()) pool.add_statement(s);
  for (const auto& s : IdempotencyStore::statements()) pool.add_statement(s);
  if (registry) metrics_.emplace(register_api_metrics(*registry));
  api_ = std::make_unique<RestApi>(
      ApiDeps{store_, tokens_, gate_, ca_, bus_, idempotency_, clock_, random_, metrics_ ? &*metrics_ : nullptr});
}

ControlHubApp::~ControlHubApp() { stop(); }

void ControlHubApp::start() {
  tokens_.start();
  ca_.ensure_root();
  if (!options_.bootstrap_file.empty()) {
    bootstrap_ = bootstrap_admin(pool_, options_.bootstrap_org, options_.bootstrap_file, random_);
    if (bootstrap_) {
      log::info("bootstrap admin created", {log::field("org", bootstrap_->org_id),
                                            log::field("client_id", bootstrap_->client_id),
                                            log::field("file", options_.bootstrap_file)});
    }
  }
  http::HttpServerOptions http_options = options_.http;
  http_options.service = "controlhub";  // zt_controlhub_http_* metrics, Server: zt-controlhub
  http_ = std::make_unique<http::HttpServer>(
      options_.http_address, [this](const HttpRequest& r) { return api_->handle(r); }, http_options, registry_);
  log::info("http serving", {log::field("http_port", http_->port()), log::field("tls", options_.http.tls.enabled()),
                             log::field("max_connections", static_cast<int64_t>(options_.http.limits.max_connections))});
}

std::unique_ptr<ControlHubGrpcService> ControlHubApp::make_grpc_service() {
  return std::make_unique<ControlHubGrpcService>(store_, gate_, ca_, bus_, options_.policy_resync);
}

void ControlHubApp::stop() {
  if (http_) http_->stop();
}

}  // namespace zt::controlhub
