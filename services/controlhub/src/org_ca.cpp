#include "org_ca.h"

#include "domain_error.h"
#include "statements.h"
#include "zt/crypto/x509_certificate.h"
#include "zt/crypto/x509_issuer.h"

namespace zt::controlhub {
namespace {

using namespace std::chrono_literals;
constexpr char kRootScope[] = "root";
constexpr char kCaKeyPurpose[] = "zt.controlhub.ca_key";

}  // namespace

OrgCa::OrgCa(pg::Pool& pool, const KeyVault& vault, const Clock& clock,
             std::chrono::seconds leaf_validity)
    : pool_(pool), vault_(vault), clock_(clock), leaf_validity_(leaf_validity) {}

std::string OrgCa::user_uri(const std::string& org_id, const std::string& user_id) {
  return "zt://" + org_id + "/users/" + user_id;
}

std::string OrgCa::device_uri(const std::string& org_id, const std::string& device_id) {
  return "zt://" + org_id + "/devices/" + device_id;
}

std::optional<OrgCa::Authority> OrgCa::load(const std::string& scope) {
  return pool_.run([&](pqxx::connection& c) -> std::optional<Authority> {
    pqxx::read_transaction tx(c);
    auto r = tx.exec_prepared(sql::kGetCa.name, scope);
    if (r.empty()) return std::nullopt;
    return Authority{r[0][0].as<std::string>(), from_hex(r[0][1].as<std::string>())};
  });
}

void OrgCa::ensure_root() {
  if (load(kRootScope)) return;
  auto now = clock_.now();
  crypto::SecretBytes key = crypto::generate_x509_private_key();
  std::string pem =
      crypto::create_root_ca(key, {"zt deployment root CA", "zt", now - 1h, now + 24h * 3650, 1});
  Bytes sealed = vault_.seal(kCaKeyPurpose, key);
  pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    tx.exec_prepared(sql::kInsertCa.name, kRootScope, pem,
                     to_hex(sealed));  // a racing replica may win
    tx.commit();
  });
}

std::string OrgCa::root_pem() {
  ensure_root();
  return load(kRootScope)->cert_pem;
}

OrgCa::Authority OrgCa::ensure_org(const std::string& org_id) {
  if (auto existing = load(org_id)) return *existing;
  ensure_root();
  Authority root = *load(kRootScope);
  crypto::SecretBytes root_key = vault_.open(kCaKeyPurpose, root.sealed_key);
  crypto::SecretBytes key = crypto::generate_x509_private_key();
  auto now = clock_.now();
  std::string pem = crypto::issue_intermediate_ca(
      key, {"zt org CA " + org_id, org_id, now - 1h, now + 24h * 1825, 0}, root.cert_pem, root_key);
  Bytes sealed = vault_.seal(kCaKeyPurpose, key);
  pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    tx.exec_prepared(sql::kInsertCa.name, org_id, pem, to_hex(sealed));
    tx.commit();
  });
  return *load(org_id);
}

std::string OrgCa::org_ca_pem(const std::string& org_id) { return ensure_org(org_id).cert_pem; }

IssuedCertificate OrgCa::issue(const std::string& org_id, const std::string& user_id,
                               const std::string& device_id, const std::string& csr_pem) {
  Authority ca = ensure_org(org_id);
  crypto::SecretBytes ca_key = vault_.open(kCaKeyPurpose, ca.sealed_key);
  auto now = std::chrono::time_point_cast<std::chrono::seconds>(clock_.now());
  crypto::LeafProfile profile;
  profile.common_name = "device " + device_id;
  if (!user_id.empty()) profile.uri_sans.push_back(user_uri(org_id, user_id));
  profile.uri_sans.push_back(device_uri(org_id, device_id));
  profile.not_before = now - 5min;
  profile.not_after = now + leaf_validity_;
  IssuedCertificate out;
  try {
    out.certificate_pem = crypto::issue_from_csr(csr_pem, profile, ca.cert_pem, ca_key);
  } catch (const crypto::X509Error& e) {
    throw DomainError::invalid_argument(std::string("csr: ") + e.what(), "csr");
  }
  auto details = crypto::describe_certificate(out.certificate_pem);
  out.serial_hex = details.serial_hex;
  out.not_after_unix =
      std::chrono::duration_cast<std::chrono::seconds>(details.not_after.time_since_epoch())
          .count();
  out.chain_pem = {ca.cert_pem, load(kRootScope)->cert_pem};
  return out;
}

}  // namespace zt::controlhub
