#include "kms_api.h"

#include <algorithm>
#include <map>
#include <set>

#include "audit_chain.h"
#include "domain_error.h"

namespace zt::kms {
namespace {

constexpr size_t kMaxPrincipalBytes = 128;
constexpr size_t kMaxPurposeBytes = 200;
constexpr int kDefaultBatch = 500;
constexpr int kMaxBatch = 10'000;
constexpr int kDefaultAuditPage = 100;
constexpr int kMaxAuditPage = 1000;

const char* kNotReadable = "one or more keys do not exist or the caller may not read them";
const char* kNotAuthorized = "the resource does not exist or the caller is not authorized on it";

bool principal_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-' || c == '@' || c == ':';
}

std::string checked_purpose(const std::string& purpose) {
  if (purpose.size() > kMaxPurposeBytes)
    throw DomainError::invalid_argument("purpose: at most 200 bytes", "purpose");
  for (char c : purpose) {
    if (c < 0x20 || c > 0x7e)
      throw DomainError::invalid_argument("purpose: printable ASCII only", "purpose");
  }
  return purpose;
}

int64_t to_unix_seconds(int64_t us) { return us / 1'000'000; }

v1::ResourceMode mode_proto(Mode m) {
  return m == Mode::kZeroTrust ? v1::RESOURCE_MODE_ZERO_TRUST : v1::RESOURCE_MODE_STANDARD;
}

}  // namespace

KmsApi::KmsApi(KmsApiDeps deps, KmsApiOptions options)
    : deps_(deps),
      options_(options),
      rotation_(deps.store, deps.master_keys, deps.random, deps.uris) {}

int64_t KmsApi::now_us() const {
  return std::chrono::duration_cast<std::chrono::microseconds>(deps_.clock.now().time_since_epoch())
      .count();
}

AuditEvent KmsApi::event(const Caller& caller, const char* action, std::string target) const {
  return {now_us(), caller.org_id, caller.principal, caller.role_label(), action, std::move(target),
          "",       "ok"};
}

void KmsApi::count_refusal(const char* method, const char* reason) {
  if (deps_.metrics)
    deps_.metrics->refusals.Add({{"method", method}, {"reason", reason}}).Increment();
}

void KmsApi::update_chain_gauge() {
  if (deps_.metrics)
    deps_.metrics->audit_chain_length.Set(static_cast<double>(deps_.store.audit_head().seq));
}

std::vector<std::string> KmsApi::principals(
    const google::protobuf::RepeatedPtrField<std::string>& in, const char* field,
    bool allow_empty) {
  if (in.empty() && !allow_empty)
    throw DomainError::invalid_argument(std::string(field) + ": name at least one", field);
  if (in.size() > options_.max_principals) {
    throw DomainError::invalid_argument(
        std::string(field) + ": at most " + std::to_string(options_.max_principals), field);
  }
  std::set<std::string> out;
  for (const auto& p : in) {
    if (p.empty() || p.size() > kMaxPrincipalBytes ||
        !std::all_of(p.begin(), p.end(), principal_char)) {
      throw DomainError::invalid_argument(
          std::string(field) + ": a principal id is 1..128 characters of A-Z a-z 0-9 . _ - @ :",
          field);
    }
    out.insert(p);
  }
  return {out.begin(), out.end()};
}

crypto::SecretBytes KmsApi::unwrap(const KeyRecord& key) {
  if (auto cached = deps_.cache.get(key.id)) return std::move(*cached);
  std::string uri = deps_.uris.format(UriKind::kKey, key.id);
  crypto::SecretBytes material =
      deps_.master_keys.unwrap(key.master_version, wrap_aad(uri, key.master_version), key.wrapped);
  deps_.cache.put(key.id, material);
  return material;
}

v1::Key KmsApi::key_proto(const KeyRecord& key) const {
  v1::Key out;
  out.set_uri(deps_.uris.format(UriKind::kKey, key.id));
  if (!key.resource_id.empty())
    out.set_resource_uri(deps_.uris.format(UriKind::kResource, key.resource_id));
  out.set_expires_at_unix(to_unix_seconds(key.expires_us));
  out.set_created_at_unix(to_unix_seconds(key.created_us));
  return out;
}

v1::Authorizations KmsApi::authorizations_proto(const ResourceRecord& r) const {
  v1::Authorizations out;
  out.set_resource_uri(deps_.uris.format(UriKind::kResource, r.id));
  out.set_owner(r.owner);
  for (const auto& p : r.principals) out.add_principals(p);
  return out;
}

ResourceRecord KmsApi::authorized_resource(const Caller& caller, const std::string& resource_uri) {
  std::string id = deps_.uris.parse(UriKind::kResource, resource_uri, "resource_uri");
  auto r = deps_.store.find_resource(id);
  if (!r || !r->authorizes(caller.principal)) throw DomainError::permission_denied(kNotAuthorized);
  return *r;
}

v1::CreateKeysResponse KmsApi::create_keys(const Caller& caller, const v1::CreateKeysRequest& req) {
  if (req.count() < 1 || req.count() > options_.max_keys_per_request) {
    throw DomainError::invalid_argument(
        "count must be 1.." + std::to_string(options_.max_keys_per_request), "count");
  }
  const int version = deps_.master_keys.current_version();
  const int64_t now = now_us();
  std::vector<KeyRecord> records;
  std::vector<crypto::SecretBytes> materials;
  for (int i = 0; i < req.count(); ++i) {
    KeyRecord k;
    k.id = random_uuid(deps_.random);
    k.org_id = caller.org_id;
    k.creator = caller.principal;
    k.master_version = version;
    k.created_us = now;
    k.expires_us =
        now +
        std::chrono::duration_cast<std::chrono::microseconds>(options_.unbound_key_ttl).count();
    crypto::SecretBytes material(32);
    deps_.random.fill(material.reveal_mutable());
    k.wrapped = deps_.master_keys.wrap(
        version, wrap_aad(deps_.uris.format(UriKind::kKey, k.id), version), material, deps_.random);
    records.push_back(std::move(k));
    materials.push_back(std::move(material));
  }
  deps_.store.insert_keys(records,
                          event(caller, "create_keys", std::to_string(records.size()) + " keys"));
  update_chain_gauge();
  v1::CreateKeysResponse out;
  for (size_t i = 0; i < records.size(); ++i) {
    deps_.cache.put(records[i].id, materials[i]);
    v1::Key* k = out.add_keys();
    *k = key_proto(records[i]);
    k->set_key_material(std::string(reinterpret_cast<const char*>(materials[i].reveal().data()),
                                    materials[i].size()));
  }
  return out;
}

v1::Resource KmsApi::create_resource(const Caller& caller, const v1::CreateResourceRequest& req) {
  if (req.mode() != v1::RESOURCE_MODE_STANDARD && req.mode() != v1::RESOURCE_MODE_ZERO_TRUST) {
    throw DomainError::invalid_argument(
        "mode must be RESOURCE_MODE_STANDARD or RESOURCE_MODE_ZERO_TRUST", "mode");
  }
  if (req.key_uris_size() > options_.max_keys_per_request) {
    throw DomainError::invalid_argument(
        "key_uris: at most " + std::to_string(options_.max_keys_per_request), "key_uris");
  }
  std::set<std::string> key_ids;
  for (const auto& uri : req.key_uris())
    key_ids.insert(deps_.uris.parse(UriKind::kKey, uri, "key_uris"));
  ResourceRecord r;
  r.id = random_uuid(deps_.random);
  r.org_id = caller.org_id;
  r.owner = caller.principal;
  r.mode = req.mode() == v1::RESOURCE_MODE_ZERO_TRUST ? Mode::kZeroTrust : Mode::kStandard;
  std::set<std::string> all;
  for (auto& p : principals(req.authorized_principals(), "authorized_principals", true))
    all.insert(p);
  all.insert(caller.principal);
  r.principals.assign(all.begin(), all.end());
  r.key_ids.assign(key_ids.begin(), key_ids.end());
  std::string uri = deps_.uris.format(UriKind::kResource, r.id);
  AuditEvent audit = event(caller, "create_resource", uri);
  audit.purpose = mode_name(r.mode);
  deps_.store.create_resource(r, r.key_ids, caller.principal, now_us(), audit);
  update_chain_gauge();
  v1::Resource out;
  out.set_uri(uri);
  out.set_mode(mode_proto(r.mode));
  out.set_owner(r.owner);
  for (const auto& p : r.principals) out.add_authorized_principals(p);
  for (const auto& k : r.key_ids) out.add_key_uris(deps_.uris.format(UriKind::kKey, k));
  return out;
}

v1::Key KmsApi::bind_key(const Caller& caller, const v1::BindKeyRequest& req) {
  std::string key_id = deps_.uris.parse(UriKind::kKey, req.key_uri(), "key_uri");
  ResourceRecord r = authorized_resource(caller, req.resource_uri());
  KeyRecord k =
      deps_.store.bind_key(r.id, key_id, caller.principal, now_us(),
                           event(caller, "bind_key", req.key_uri() + " -> " + req.resource_uri()));
  update_chain_gauge();
  return key_proto(k);
}

v1::Authorizations KmsApi::authorize(const Caller& caller, const v1::AuthorizeRequest& req) {
  auto add = principals(req.principals(), "principals", false);
  ResourceRecord r = authorized_resource(caller, req.resource_uri());
  auto out = deps_.store.change_authorizations(r.id, add, {},
                                               event(caller, "authorize", req.resource_uri()));
  update_chain_gauge();
  return authorizations_proto(out);
}

v1::Authorizations KmsApi::deauthorize(const Caller& caller, const v1::DeauthorizeRequest& req) {
  auto remove = principals(req.principals(), "principals", false);
  ResourceRecord r = authorized_resource(caller, req.resource_uri());
  if (std::find(remove.begin(), remove.end(), r.owner) != remove.end()) {
    throw DomainError::invalid_argument("principals: the owner cannot be deauthorized",
                                        "principals");
  }
  auto out = deps_.store.change_authorizations(r.id, {}, remove,
                                               event(caller, "deauthorize", req.resource_uri()));
  update_chain_gauge();
  return authorizations_proto(out);
}

v1::Authorizations KmsApi::list_authorizations(const Caller& caller,
                                               const v1::ListAuthorizationsRequest& req) {
  return authorizations_proto(authorized_resource(caller, req.resource_uri()));
}

void KmsApi::check_read_access(const Caller& caller, const std::optional<KeyRecord>& key,
                               const std::optional<ResourceRecord>& resource,
                               const std::string& purpose) {
  const std::string role = caller.role_label();
  auto deny = [&](const char* reason, const std::string& message) {
    if (deps_.metrics)
      deps_.metrics->keys_served.Add({{"role", role}, {"result", reason}}).Increment();
    count_refusal("RetrieveKeys", reason);
    return DomainError::permission_denied(message);
  };
  if (!key) throw deny("denied", kNotReadable);
  if (key->resource_id.empty()) {
    if (key->creator == caller.principal && key->org_id == caller.org_id) return;
    throw deny("denied", kNotReadable);
  }
  if (!resource) throw deny("denied", kNotReadable);
  if (caller.kind != CallerKind::kService) {
    if (resource->authorizes(caller.principal)) return;
    throw deny("denied", kNotReadable);
  }
  // A service principal: compliance access only, within its org, audited.
  if (caller.compliance_role.empty() || caller.org_id != resource->org_id)
    throw deny("denied", kNotReadable);
  std::string uri = deps_.uris.format(UriKind::kKey, key->id);
  AuditEvent audit = event(caller, "compliance_retrieve", uri);
  audit.purpose = purpose;
  if (resource->mode == Mode::kZeroTrust) {
    audit.result = "denied: zero_trust";
    deps_.store.append_audit(audit);
    update_chain_gauge();
    throw deny("zero_trust",
               "the resource of " + uri +
                   " is zero-trust: no service principal may read its keys, for any purpose");
  }
  if (purpose.empty()) {
    count_refusal("RetrieveKeys", "no_purpose");
    throw DomainError::invalid_argument("purpose: compliance access must state its purpose",
                                        "purpose");
  }
  deps_.store.append_audit(audit);
  update_chain_gauge();
}

v1::RetrieveKeysResponse KmsApi::retrieve_keys(const Caller& caller,
                                               const v1::RetrieveKeysRequest& req) {
  if (req.key_uris().empty() || req.key_uris_size() > options_.max_keys_per_request) {
    throw DomainError::invalid_argument(
        "key_uris: 1.." + std::to_string(options_.max_keys_per_request) + " URIs", "key_uris");
  }
  std::string purpose = checked_purpose(req.purpose());
  std::vector<std::string> ids;
  for (const auto& uri : req.key_uris())
    ids.push_back(deps_.uris.parse(UriKind::kKey, uri, "key_uris"));
  std::vector<KeyRecord> keys;
  std::map<std::string, std::optional<ResourceRecord>> resources;
  for (const auto& id : ids) {
    auto key = deps_.store.find_key(id);
    std::optional<ResourceRecord> resource;
    if (key && !key->resource_id.empty()) {
      auto [it, fresh] = resources.try_emplace(key->resource_id);
      if (fresh) it->second = deps_.store.find_resource(key->resource_id);
      resource = it->second;
    }
    check_read_access(caller, key, resource, purpose);
    keys.push_back(*key);
  }
  v1::RetrieveKeysResponse out;
  for (const auto& key : keys) {
    crypto::SecretBytes material = unwrap(key);
    v1::Key* k = out.add_keys();
    *k = key_proto(key);
    k->set_key_material(
        std::string(reinterpret_cast<const char*>(material.reveal().data()), material.size()));
  }
  if (deps_.metrics) {
    deps_.metrics->keys_served.Add({{"role", caller.role_label()}, {"result", "served"}})
        .Increment(static_cast<double>(keys.size()));
  }
  return out;
}

v1::DeleteResourceResponse KmsApi::delete_resource(const Caller& caller,
                                                   const v1::DeleteResourceRequest& req) {
  ResourceRecord r = authorized_resource(caller, req.resource_uri());
  if (r.owner != caller.principal)
    throw DomainError::permission_denied("only the resource's owner may delete it");
  int destroyed =
      deps_.store.delete_resource(r.id, event(caller, "delete_resource", req.resource_uri()));
  for (const auto& k : r.key_ids) deps_.cache.erase(k);
  update_chain_gauge();
  v1::DeleteResourceResponse out;
  out.set_keys_destroyed(destroyed);
  return out;
}

v1::RotateMasterKeyResponse KmsApi::rotate_master_key(const Caller& caller,
                                                      const v1::RotateMasterKeyRequest& req) {
  if (!caller.deployment_admin)
    throw DomainError::permission_denied("only a deployment admin may rotate the master key");
  if (req.batch_size() < 0 || req.batch_size() > kMaxBatch) {
    throw DomainError::invalid_argument("batch_size must be 0..10000", "batch_size");
  }
  if (req.max_batches() < 0)
    throw DomainError::invalid_argument("max_batches must be 0 or more", "max_batches");
  deps_.master_keys.reload();
  RotationProgress p = rotation_.run(req.batch_size() == 0 ? kDefaultBatch : req.batch_size(),
                                     req.max_batches(), event(caller, "rotate_master_key", ""));
  deps_.cache.clear();
  if (deps_.metrics) {
    deps_.metrics->keys_rewrapped.Increment(static_cast<double>(p.rewrapped));
    deps_.metrics->rotation_remaining.Set(static_cast<double>(p.remaining));
  }
  update_chain_gauge();
  v1::RotateMasterKeyResponse out;
  out.set_target_version(p.target_version);
  out.set_rewrapped(p.rewrapped);
  out.set_remaining(p.remaining);
  return out;
}

v1::QueryAuditResponse KmsApi::query_audit(const Caller& caller, const v1::QueryAuditRequest& req) {
  if (caller.kind != CallerKind::kAdmin)
    throw DomainError::permission_denied("only admins may read the audit log");
  if (req.limit() < 0 || req.limit() > kMaxAuditPage)
    throw DomainError::invalid_argument("limit must be 0..1000", "limit");
  if (req.after_seq() < 0)
    throw DomainError::invalid_argument("after_seq must be 0 or more", "after_seq");
  v1::QueryAuditResponse out;
  for (const auto& r : deps_.store.read_audit(req.after_seq(),
                                              req.limit() == 0 ? kDefaultAuditPage : req.limit())) {
    if (!caller.deployment_admin && r.event.org_id != caller.org_id)
      continue;  // an org admin sees its org
    v1::AuditRecord* a = out.add_records();
    a->set_seq(r.seq);
    a->set_at_unix_micros(r.event.at_us);
    a->set_org_id(r.event.org_id);
    a->set_actor(r.event.actor);
    a->set_actor_role(r.event.actor_role);
    a->set_action(r.event.action);
    a->set_target(r.event.target);
    a->set_purpose(r.event.purpose);
    a->set_result(r.event.result);
    a->set_prev_hash(std::string(r.prev_hash.begin(), r.prev_hash.end()));
    a->set_hash(std::string(r.hash.begin(), r.hash.end()));
  }
  return out;
}

AuditVerdict KmsApi::verify_chain() {
  AuditVerdict v = AuditVerifier(deps_.store).verify();
  if (deps_.metrics) {
    deps_.metrics->audit_verifications.Add({{"result", v.ok ? "ok" : "broken"}}).Increment();
    deps_.metrics->audit_last_verified.Set(static_cast<double>(to_unix_seconds(now_us())));
  }
  return v;
}

v1::VerifyAuditResponse KmsApi::verify_audit(const Caller& caller, const v1::VerifyAuditRequest&) {
  if (caller.kind != CallerKind::kAdmin)
    throw DomainError::permission_denied("only admins may verify the audit log");
  AuditVerdict v = verify_chain();
  v1::VerifyAuditResponse out;
  out.set_ok(v.ok);
  out.set_records(v.records);
  out.set_first_bad_seq(v.first_bad_seq);
  out.set_reason(v.reason);
  return out;
}

}  // namespace zt::kms
