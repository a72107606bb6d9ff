// Per-thread request ids.
#include "zt/base/bytes.h"
#include "zt/crypto/random.h"
#include "zt/log/log.h"

namespace zt::log {
namespace {
thread_local std::string t_request_id;
}

std::string_view current_request_id() { return t_request_id; }

RequestIdScope::RequestIdScope(std::string id) : previous_(std::move(t_request_id)) {
  t_request_id = std::move(id);
}

RequestIdScope::~RequestIdScope() { t_request_id = std::move(previous_); }

std::string new_request_id() {
  return to_hex(crypto::SystemRandom::instance().bytes(16));
}

}  // namespace zt::log
