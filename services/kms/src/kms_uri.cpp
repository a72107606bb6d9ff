#include "kms_uri.h"

#include "domain_error.h"
#include "zt/base/bytes.h"

namespace zt::kms {
namespace {

constexpr std::string_view kScheme = "kms://";
constexpr size_t kMaxUriBytes = 512;

std::string_view path_of(UriKind kind) { return kind == UriKind::kKey ? "/keys/" : "/resources/"; }

bool valid_domain(std::string_view d) {
  if (d.empty() || d.size() > 253) return false;
  for (char c : d) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ':';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

UriCodec::UriCodec(std::string domain) : domain_(std::move(domain)) {
  if (!valid_domain(domain_))
    throw std::invalid_argument("kms.domain must be a lower-case host name");
}

std::string UriCodec::format(UriKind kind, const std::string& id) const {
  return std::string(kScheme) + domain_ + std::string(path_of(kind)) + id;
}

std::string UriCodec::parse(UriKind kind, std::string_view uri, const char* field) const {
  const char* what = kind == UriKind::kKey ? "a key URI" : "a resource URI";
  auto refuse = [&](const std::string& why) {
    return DomainError::invalid_argument(
        std::string(field) + " is not " + what + " of this KMS (" + why + ")", field);
  };
  if (uri.empty()) throw refuse("empty");
  if (uri.size() > kMaxUriBytes) throw refuse("longer than 512 bytes");
  if (uri.substr(0, kScheme.size()) != kScheme) throw refuse("expected kms://");
  std::string_view rest = uri.substr(kScheme.size());
  if (rest.substr(0, domain_.size()) != domain_ || rest.size() == domain_.size() ||
      rest[domain_.size()] != '/') {
    throw refuse("expected the domain " + domain_);
  }
  rest = rest.substr(domain_.size());
  std::string_view path = path_of(kind);
  if (rest.substr(0, path.size()) != path) {
    throw refuse(std::string("expected kms://") + domain_ + std::string(path) + "<uuid>");
  }
  std::string_view id = rest.substr(path.size());
  if (!is_canonical_uuid(id)) throw refuse("the id is not a lower-case UUID");
  return std::string(id);
}

bool is_canonical_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

std::string random_uuid(crypto::RandomSource& random) {
  Bytes b = random.bytes(16);
  b[6] = static_cast<uint8_t>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<uint8_t>((b[8] & 0x3f) | 0x80);
  std::string hex = to_hex(b);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

}  // namespace zt::kms
