// Router: ICE-lite binding requests (RFC 8445 section 7.3 as a lite agent,
// RFC 5389 short-term credentials). A request whose USERNAME starts with one
// of our ufrags and whose MESSAGE-INTEGRITY matches that transport's password
// binds the transport to the request's source address and refreshes consent.
#include "counter_bump.h"
#include "router.h"
#include "zt/stun/builder.h"
#include "zt/stun/message.h"

namespace zt::sfu {

void Router::bind(Transport& t, const Endpoint& from) {
  if (t.bound && t.address == from) return;
  if (t.bound) by_address_.erase(t.address);
  auto it = by_address_.find(from);
  if (it != by_address_.end() && it->second != &t) it->second->bound = false;  // the address moved to us
  t.address = from;
  t.bound = true;
  by_address_[from] = &t;
}

void Router::on_stun(const Endpoint& from, BytesView packet, SteadyTime now, OutputBatch& out) {
  auto m = stun::parse(packet);
  if (!m) return counters_.drop(DropReason::kMalformedStun);
  if (m->type != stun::kBindingRequest) return;  // indications and responses need no answer
  auto colon = m->username.find(':');
  if (colon == std::string_view::npos) return counters_.drop(DropReason::kUnknownUsername);
  auto it = by_ufrag_.find(m->username.substr(0, colon));
  if (it == by_ufrag_.end()) return counters_.drop(DropReason::kUnknownUsername);
  Transport& t = *it->second;
  if (!stun::verify_integrity(*m, *t.key)) return counters_.drop(DropReason::kBadIntegrity);
  bind(t, from);
  t.last_consent = now;
  bump(counters_.stun_bindings);
  MutableBytesView buf = out.add(from, t.id, 128);
  if (buf.empty()) return counters_.drop(DropReason::kOutputFull);
  stun::MessageBuilder b(buf, stun::kBindingSuccess, m->transaction_id);
  b.add_xor_mapped_address(endpoint_to_stun(from)).add_integrity(*t.key).add_fingerprint();
  out.trim_last(b.bytes().size());
}

Transport* Router::bound_transport(const Endpoint& from, SteadyTime now) {
  auto it = by_address_.find(from);
  if (it == by_address_.end()) {
    counters_.drop(DropReason::kUnboundSource);
    return nullptr;
  }
  Transport* t = it->second;
  if (now - t->last_consent > options_.consent_timeout) {
    expire(*t);
    counters_.drop(DropReason::kConsentExpired);
    return nullptr;
  }
  return t;
}

void Router::expire(Transport& t) {
  if (!t.bound) return;
  by_address_.erase(t.address);
  t.bound = false;
}

}  // namespace zt::sfu
