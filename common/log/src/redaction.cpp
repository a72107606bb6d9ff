// Which field names count as secrets regardless of how they were logged.
#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "zt/log/log.h"

namespace zt::log {

bool is_secret_key(std::string_view key) {
  static constexpr std::array<std::string_view, 11> kSecretWords = {
      "password", "passwd", "secret", "token", "authorization", "api_key",
      "apikey", "private_key", "master_key", "cookie", "credential"};
  std::string lower(key);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::any_of(kSecretWords.begin(), kSecretWords.end(),
                     [&](std::string_view w) { return lower.find(w) != std::string::npos; });
}

}  // namespace zt::log
