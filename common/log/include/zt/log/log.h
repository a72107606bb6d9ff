// Structured logs: one JSON object per line on stderr (spdlog underneath).
//
//   zt::log::init("kms", "info");
//   zt::log::info("key served", {zt::log::field("resource", id),
//                                zt::log::field("bytes", 32),
//                                zt::log::secret("token", bearer)});
//   -> {"ts":"2026-..Z","level":"info","service":"kms","msg":"key served",
//       "request_id":"...","resource":"...","bytes":32,"token":"[redacted]"}
//
// Redaction: a field built with secret() always prints kRedacted; so does any
// field whose key names a secret (see is_secret_key: password, secret, token,
// authorization, key material, cookies...). Nothing else is redacted, so do
// not put secrets in `msg`.
// Request ids: inside a gRPC handler, zt::server installs a RequestIdScope so
// every line carries the caller's x-request-id (or a generated one).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "zt/crypto/secret_bytes.h"

namespace zt::log {

inline constexpr std::string_view kRedacted = "[redacted]";

enum class Level { kDebug, kInfo, kWarn, kError };

struct Field {
  std::string key;
  nlohmann::json value;
  bool secret = false;
};

// A field printed as is. Secret types (crypto::kIsSecret: SecretBytes) do not
// compile here: use secret(), which never prints the value.
template <class T>
Field field(std::string_view key, T&& value) {
  static_assert(!crypto::kIsSecret<std::remove_cvref_t<T>>,
                "zt::log::field refuses a secret type: log it with zt::log::secret(key, value), "
                "which never prints the value");
  if constexpr (std::is_convertible_v<T, std::string_view>) {
    return Field{std::string(key), std::string(std::string_view(value)), false};
  } else {
    return Field{std::string(key), nlohmann::json(std::forward<T>(value)), false};
  }
}

// A field whose value is never printed (any value: text, SecretBytes...).
template <class T>
Field secret(std::string_view key, const T& /*value*/) {
  return Field{std::string(key), nullptr, true};
}

// True for keys that name secrets whatever the caller says (case-insensitive
// substring match on password, passwd, secret, token, authorization,
// api_key, private_key, master_key, cookie, credential).
bool is_secret_key(std::string_view key);

// Sets the service name and minimum level ("debug", "info", "warn", "error";
// throws std::invalid_argument otherwise). Safe to call again.
void init(std::string_view service, std::string_view level);
// Tests: send lines to `out` instead of stderr (nullptr restores stderr).
void set_output_for_testing(std::ostream* out);

void write(Level level, std::string_view msg, std::initializer_list<Field> fields = {});
inline void debug(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::kDebug, m, f); }
inline void info(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::kInfo, m, f); }
inline void warn(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::kWarn, m, f); }
inline void error(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::kError, m, f); }

// The JSON line (no newline) write() would print; pure, for tests.
std::string format_line(Level level, std::string_view msg, std::initializer_list<Field> fields);

// The request id of the current thread's RPC, empty outside one.
std::string_view current_request_id();

// Sets the current thread's request id for its lifetime.
class RequestIdScope {
 public:
  explicit RequestIdScope(std::string id);
  ~RequestIdScope();
  RequestIdScope(const RequestIdScope&) = delete;
  RequestIdScope& operator=(const RequestIdScope&) = delete;

 private:
  std::string previous_;
};

// A fresh random request id (32 hex chars).
std::string new_request_id();

}  // namespace zt::log
