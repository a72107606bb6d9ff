// Router: ICE-lite binding requests (RFC 8445 section 7.3 as a lite agent,
// RFC 5389 short-term credentials) and consent (RFC 7675). A request whose
// USERNAME starts with one of our ufrags and whose MESSAGE-INTEGRITY
// matches that transport's password proves the sender knows the password,
// not that its source address wants our media (the source may be forged).
// So media, RTCP answers and binding responses go only to an address with
// consent: while a transport has none, an address on the IP the Join came
// from (the gRPC connection's handshake showed that IP reaches us), and
// otherwise an address that answered a consent check, a binding
// request from the SFU with an unguessable transaction id, keyed with the
// transport's password. A request from any other address only triggers a
// check (never larger than the request: no amplification); media moves
// there once the check is answered from there.
#include <algorithm>
#include <cstring>

#include "counter_bump.h"
#include "router.h"
#include "zt/stun/builder.h"
#include "zt/stun/message.h"

namespace zt::sfu {
namespace {

bool same_ip(const Endpoint& a, const Endpoint& b) { return a.family == b.family && a.ip == b.ip; }

constexpr size_t kMaxUsername = 513;  // RFC 5389 section 15.3

}  // namespace

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
  if (m->type == stun::kBindingSuccess) return on_consent_answer(from, *m, now);
  if (m->type != stun::kBindingRequest) return;  // indications and error responses need no answer
  on_binding_request(from, *m, now, out);
}

void Router::on_binding_request(const Endpoint& from, const stun::MessageView& m, SteadyTime now,
                                OutputBatch& out) {
  auto colon = m.username.find(':');
  if (colon == std::string_view::npos) return counters_.drop(DropReason::kUnknownUsername);
  auto it = by_ufrag_.find(m.username.substr(0, colon));
  if (it == by_ufrag_.end()) return counters_.drop(DropReason::kUnknownUsername);
  Transport& t = *it->second;
  if (!stun::verify_integrity(m, *t.key)) return counters_.drop(DropReason::kBadIntegrity);
  bool consented = t.bound && t.address == from;
  if (!consented && !t.bound && t.join_address.valid() && same_ip(from, t.join_address)) {
    clear_pending(t);
    bind(t, from);
    consented = true;
  }
  if (!consented) return check_consent(t, from, m, now, out);
  t.last_consent = now;
  bump(counters_.stun_bindings);
  answer_binding(t, from, m, out);
}

void Router::answer_binding(Transport& t, const Endpoint& from, const stun::MessageView& m, OutputBatch& out) {
  MutableBytesView buf = out.add(from, t.id, 128);
  if (buf.empty()) return counters_.drop(DropReason::kOutputFull);
  stun::MessageBuilder b(buf, stun::kBindingSuccess, m.transaction_id);
  b.add_xor_mapped_address(endpoint_to_stun(from)).add_integrity(*t.key).add_fingerprint();
  out.trim_last(b.bytes().size());
}

// A binding request to `from`, USERNAME "<their frag>:<our ufrag>" (the
// reverse of the request's), a fresh random transaction id per address.
void Router::check_consent(Transport& t, const Endpoint& from, const stun::MessageView& m, SteadyTime now,
                           OutputBatch& out) {
  PendingConsent& p = t.pending;
  if (!p.active || !(p.address == from)) {
    clear_pending(t);
    p.active = true;
    p.address = from;
    random_(MutableBytesView(p.transaction_id.data(), p.transaction_id.size()));
    by_pending_[from] = &t;
  } else if (now - p.sent_at < options_.consent_check_interval) {
    return;
  }
  auto colon = m.username.find(':');
  std::string_view theirs = m.username.substr(colon + 1);
  std::array<char, kMaxUsername> name{};
  if (theirs.size() + 1 + t.ufrag.size() > name.size()) return counters_.drop(DropReason::kUnknownUsername);
  std::memcpy(name.data(), theirs.data(), theirs.size());
  name[theirs.size()] = ':';
  std::memcpy(name.data() + theirs.size() + 1, t.ufrag.data(), t.ufrag.size());
  std::array<uint8_t, 640> buf{};
  stun::MessageBuilder b(buf, stun::kBindingRequest, p.transaction_id);
  b.add_username(std::string_view(name.data(), theirs.size() + 1 + t.ufrag.size()))
      .add_ice_controlled(t.id)
      .add_integrity(*t.key)
      .add_fingerprint();
  if (!b.ok() || b.bytes().size() > m.raw.size()) return;  // never more than the request
  MutableBytesView dst = out.add(from, t.id, b.bytes().size());
  if (dst.empty()) return counters_.drop(DropReason::kOutputFull);
  std::memcpy(dst.data(), b.bytes().data(), b.bytes().size());
  p.sent_at = now;
}

void Router::on_consent_answer(const Endpoint& from, const stun::MessageView& m, SteadyTime now) {
  auto it = by_pending_.find(from);
  if (it == by_pending_.end()) return counters_.drop(DropReason::kUnknownCheck);
  Transport& t = *it->second;
  const PendingConsent& p = t.pending;
  if (!p.active || m.transaction_id != p.transaction_id || now - p.sent_at > options_.consent_timeout) {
    return counters_.drop(DropReason::kUnknownCheck);
  }
  if (!stun::verify_integrity(m, *t.key)) return counters_.drop(DropReason::kBadIntegrity);
  clear_pending(t);
  bind(t, from);
  t.last_consent = now;
  bump(counters_.consents_established);
}

void Router::clear_pending(Transport& t) {
  if (!t.pending.active) return;
  auto it = by_pending_.find(t.pending.address);
  if (it != by_pending_.end() && it->second == &t) by_pending_.erase(it);
  t.pending.active = false;
}

Transport* Router::bound_transport(const Endpoint& from, SteadyTime now) {
  auto it = by_address_.find(from);
  if (it == by_address_.end()) {
    counters_.drop(by_pending_.count(from) ? DropReason::kUnconsentedSource : DropReason::kUnboundSource);
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
