#include "pem.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "zt/auth/base64url.h"
#include "zt/client/client_error.h"

namespace zt::client {
namespace {

// PrivateKeyInfo { version 0, AlgorithmIdentifier { id-Ed25519 }, OCTET STRING { OCTET STRING seed } }.
constexpr std::array<uint8_t, 16> kEd25519Pkcs8Prefix = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30,
                                                         0x05, 0x06, 0x03, 0x2b, 0x65, 0x70,
                                                         0x04, 0x22, 0x04, 0x20};

}  // namespace

std::vector<Bytes> pem_blocks(std::string_view text, std::string_view label, const std::string& what) {
  std::string begin = "-----BEGIN " + std::string(label) + "-----";
  std::string end = "-----END " + std::string(label) + "-----";
  std::vector<Bytes> out;
  for (size_t at = text.find(begin); at != std::string_view::npos; at = text.find(begin, at)) {
    size_t body = at + begin.size();
    size_t stop = text.find(end, body);
    if (stop == std::string_view::npos) throw ClientError::usage(what + ": a PEM block is not closed");
    std::string b64;
    for (char c : text.substr(body, stop - body)) {
      if (c == '+') b64 += '-';
      else if (c == '/') b64 += '_';
      else if (c != '=' && c != '\n' && c != '\r' && c != ' ') b64 += c;
    }
    auto der = auth::base64url_decode(b64);
    if (!der || der->empty()) throw ClientError::usage(what + ": a PEM block is not base64");
    out.push_back(std::move(*der));
    at = stop + end.size();
  }
  if (out.empty()) throw ClientError::usage(what + ": no " + std::string(label) + " PEM block");
  return out;
}

crypto::SecretBytes ed25519_seed_of_pkcs8(BytesView der, const std::string& what) {
  if (der.size() != kEd25519Pkcs8Prefix.size() + 32 ||
      !std::equal(kEd25519Pkcs8Prefix.begin(), kEd25519Pkcs8Prefix.end(), der.begin()))
    throw ClientError::usage(what + ": not an Ed25519 PKCS#8 private key");
  return crypto::SecretBytes(der.subspan(kEd25519Pkcs8Prefix.size()));
}

}  // namespace zt::client
