#include "kms_app.h"

#include "zt_kms_core_migrations.h"

namespace zt::kms {

std::span<const pg::Migration> kms_migrations() { return zt_kms_core_migrations(); }

namespace {

std::unique_ptr<MasterKeyProvider> master_keys_of(KmsOptions& o) {
  if (!o.hsm) return std::make_unique<KeyFileProvider>(o.master_key_file, o.master_key_path);
  auto hsm = std::make_unique<Pkcs11Provider>(std::move(*o.hsm));
  o.hsm.reset();
  std::unique_ptr<KeyFileProvider> file;
  if (!o.master_key_file.empty())
    file = std::make_unique<KeyFileProvider>(o.master_key_file, o.master_key_path);
  // A token without a master key gets its first one, generated inside it,
  // one version above the key file's: RotateMasterKey then moves every key
  // from the file to the HSM.
  if (hsm->current_version() == 0) hsm->create_version(file ? file->current_version() + 1 : 1);
  if (!file) return hsm;
  std::vector<std::unique_ptr<MasterKeyProvider>> both;
  both.push_back(std::move(file));
  both.push_back(std::move(hsm));
  return std::make_unique<CompositeProvider>(std::move(both));
}

std::optional<KmsMetrics> maybe_metrics(prometheus::Registry* registry) {
  if (!registry) return std::nullopt;
  return register_kms_metrics(*registry);
}

}  // namespace

KmsApp::KmsApp(pg::Pool& pool, const Clock& clock, crypto::RandomSource& random, KmsOptions options,
               prometheus::Registry* registry)
    : options_(std::move(options)),
      uris_(options_.domain),
      store_(pool),
      master_keys_(master_keys_of(options_)),
      cache_(clock, options_.key_cache_ttl, options_.key_cache_capacity),
      metrics_(maybe_metrics(registry)),
      verifier_(options_.jwks, clock),
      revoked_(clock),
      revocation_feed_(options_.revocations ? std::make_unique<server::RevocationFeed>(
                                                  *options_.revocations, revoked_, clock)
                                            : nullptr),
      authenticator_(verifier_, &revoked_),
      api_(KmsApiDeps{store_, *master_keys_, cache_, uris_, clock, random,
                      metrics_ ? &*metrics_ : nullptr},
           options_.api),
      identity_(options_.identity.seed, options_.identity.certificate_pem, options_.domain),
      sessions_(identity_, clock, random, options_.sessions) {
  options_.identity.seed = {};  // the identity holds what it needs
  for (const auto& s : PgStore::statements()) pool.add_statement(s);
  options_.master_key_file.wipe();  // the provider holds the keys now
  if (metrics_) metrics_->audit_chain_length.Set(static_cast<double>(store_.audit_head().seq));
  if (options_.audit_verify_interval.count() > 0)
    audit_watch_ = std::make_unique<AuditWatch>(api_, options_.audit_verify_interval);
}

std::unique_ptr<KmsGrpcService> KmsApp::make_grpc_service() {
  return std::make_unique<KmsGrpcService>(api_, authenticator_, identity_, sessions_,
                                          options_.workers);
}

}  // namespace zt::kms
