// Chain verification against trust roots (OpenSSL X509_verify_cert), used by
// Control Hub and by MLS to classify X.509 credentials.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "zt/base/expected.h"

namespace zt::crypto {

struct ChainCheck {
  std::vector<std::string> intermediates_pem;
  std::vector<std::string> roots_pem;
  std::chrono::system_clock::time_point at;  // verification time
};

// Success, or the reason the chain does not verify (OpenSSL's verify error
// string, or a parse failure).
Expected<void, std::string> verify_certificate_chain(std::string_view leaf_pem, const ChainCheck& check);

}  // namespace zt::crypto
