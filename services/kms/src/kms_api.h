// The KMS's RPC logic, below gRPC: each method takes the authenticated
// Caller and the decoded request, checks every field, decides access, and
// returns the response or throws DomainError. The gRPC service
// (kms_grpc_service.h) and the fuzz target drive this same object.
#pragma once

#include <chrono>

#include "audit_chain.h"
#include "caller.h"
#include "key_cache.h"
#include "kms_metrics.h"
#include "kms_uri.h"
#include "master_key_provider.h"
#include "master_key_rotation.h"
#include "store.h"
#include "zt/base/clock.h"
#include "zt/kms/v1/kms.pb.h"

namespace zt::kms {

struct KmsApiOptions {
  std::chrono::seconds unbound_key_ttl{3600};  // how long an unbound key may still be bound
  int max_keys_per_request = 100;
  int max_principals = 1000;
};

struct KmsApiDeps {
  Store& store;
  MasterKeyProvider& master_keys;
  KeyCache& cache;
  const UriCodec& uris;
  const Clock& clock;
  crypto::RandomSource& random;
  KmsMetrics* metrics;  // may be null
};

class KmsApi {
 public:
  KmsApi(KmsApiDeps deps, KmsApiOptions options);

  v1::CreateKeysResponse create_keys(const Caller& caller, const v1::CreateKeysRequest& req);
  v1::Resource create_resource(const Caller& caller, const v1::CreateResourceRequest& req);
  v1::Key bind_key(const Caller& caller, const v1::BindKeyRequest& req);
  v1::Authorizations authorize(const Caller& caller, const v1::AuthorizeRequest& req);
  v1::Authorizations deauthorize(const Caller& caller, const v1::DeauthorizeRequest& req);
  v1::Authorizations list_authorizations(const Caller& caller,
                                         const v1::ListAuthorizationsRequest& req);
  v1::RetrieveKeysResponse retrieve_keys(const Caller& caller, const v1::RetrieveKeysRequest& req);
  v1::DeleteResourceResponse delete_resource(const Caller& caller,
                                             const v1::DeleteResourceRequest& req);
  v1::RotateMasterKeyResponse rotate_master_key(const Caller& caller,
                                                const v1::RotateMasterKeyRequest& req);
  v1::QueryAuditResponse query_audit(const Caller& caller, const v1::QueryAuditRequest& req);
  v1::VerifyAuditResponse verify_audit(const Caller& caller, const v1::VerifyAuditRequest& req);

  // Walks the audit chain, counts the verification and records its time in
  // the metrics (VerifyAudit and the periodic check both run this).
  AuditVerdict verify_chain();

  // Counts a refusal (method, reason) in the metrics.
  void count_refusal(const char* method, const char* reason);

 private:
  int64_t now_us() const;
  AuditEvent event(const Caller& caller, const char* action, std::string target) const;
  // The resource, if `caller` is authorized on it; else the same refusal
  // whether or not it exists.
  ResourceRecord authorized_resource(const Caller& caller, const std::string& resource_uri);
  std::vector<std::string> principals(const google::protobuf::RepeatedPtrField<std::string>& in,
                                      const char* field, bool allow_empty);
  crypto::SecretBytes unwrap(const KeyRecord& key);
  v1::Key key_proto(const KeyRecord& key) const;
  // Throws DomainError when `caller` may not read `key` (counted, audited for services).
  void check_read_access(const Caller& caller, const std::optional<KeyRecord>& key,
                         const std::optional<ResourceRecord>& resource, const std::string& purpose);
  v1::Authorizations authorizations_proto(const ResourceRecord& r) const;
  void update_chain_gauge();

  KmsApiDeps deps_;
  KmsApiOptions options_;
  MasterKeyRotation rotation_;
};

}  // namespace zt::kms
