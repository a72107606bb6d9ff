#include "session_table.h"

#include "domain_error.h"

namespace zt::kms {

struct Session {
  Session(Caller caller, const crypto::HpkeContext& hpke, BytesView session_id, int64_t expires_us)
      : caller(std::move(caller)),
        expires_us(expires_us),
        from_client(hpke, Direction::kClientToKms, session_id),
        to_client(hpke, Direction::kKmsToClient, session_id) {}

  const Caller caller;
  const int64_t expires_us;
  std::mutex mu;  // guards the keys and last_sequence
  SealingKey from_client;
  SealingKey to_client;
  uint64_t last_sequence = 0;
};

namespace {

BytesView view(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

constexpr int64_t kSkewMs =
    std::chrono::duration_cast<std::chrono::milliseconds>(kSealedClockSkew).count();
const char* kNoSession =
    "no such sealed session (unknown, or expired): open a new one with OpenSession";

}  // namespace

SessionTable::SessionTable(const SessionIdentity& identity, const Clock& clock,
                           crypto::RandomSource& random, SessionOptions options)
    : identity_(identity), clock_(clock), random_(random), options_(options) {}

SessionTable::~SessionTable() = default;

int64_t SessionTable::now_us() const {
  return std::chrono::duration_cast<std::chrono::microseconds>(clock_.now().time_since_epoch())
      .count();
}

size_t SessionTable::size() const {
  std::lock_guard lock(mu_);
  return sessions_.size();
}

void SessionTable::purge_expired_locked(int64_t now) {
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (it->second->expires_us <= now)
      it = sessions_.erase(it);
    else
      ++it;
  }
}

v1::OpenSessionResponse SessionTable::open_session(const Caller& caller,
                                                   const v1::OpenSessionRequest& req) {
  if (req.key_id() != identity_.key_id()) {
    throw DomainError::failed_precondition(
        "the session request is sealed to KMS key \"" + req.key_id().substr(0, 64) +
        "\", which this KMS does not serve (its key is " + identity_.key_id() +
        "): fetch GetSessionKey again");
  }
  std::optional<crypto::HpkeReceiverContext> hpke;
  try {
    hpke.emplace(identity_.receive(view(req.enc())));
  } catch (const crypto::CryptoError&) {
    throw DomainError::invalid_argument("enc: not an X25519 encapsulated key", "enc");
  }
  auto plain = hpke->open(view(req.key_id()), view(req.ciphertext()));
  if (!plain) {
    throw DomainError::invalid_argument(
        "ciphertext: the session request does not open under this KMS's key", "ciphertext");
  }
  v1::SessionHello hello;
  if (!hello.ParseFromArray(plain->data(), static_cast<int>(plain->size())))
    throw DomainError::invalid_argument("ciphertext: not a SessionHello", "ciphertext");
  const int64_t now = now_us();
  if (std::abs(hello.sent_at_unix_ms() - now / 1000) > kSkewMs) {
    throw DomainError::failed_precondition(
        "the session request is stale or from the future (sent_at more than 5 minutes from the "
        "KMS's clock)");
  }
  Bytes id = random_.bytes(kSessionIdSize);
  int64_t expires =
      now + std::chrono::duration_cast<std::chrono::microseconds>(options_.lifetime).count();
  if (caller.token_expires_unix > 0)
    expires = std::min(expires, caller.token_expires_unix * 1'000'000);
  auto session = std::make_shared<Session>(caller, *hpke, id, expires);
  v1::OpenSessionResponse out;
  out.set_session_id(std::string(id.begin(), id.end()));
  out.set_expires_at_unix(expires / 1'000'000);
  Bytes confirmation = session->to_client.seal(0, {});
  out.set_confirmation(std::string(confirmation.begin(), confirmation.end()));
  std::lock_guard lock(mu_);
  if (sessions_.size() >= options_.max_sessions) purge_expired_locked(now);
  if (sessions_.size() >= options_.max_sessions) {
    throw DomainError(ErrorCode::kResourceExhausted,
                      "the KMS holds as many sealed sessions as it may: retry later");
  }
  sessions_.emplace(out.session_id(), std::move(session));
  return out;
}

OpenedCall SessionTable::open_call(const v1::SealedRequest& req) {
  std::shared_ptr<Session> session;
  {
    std::lock_guard lock(mu_);
    auto it = sessions_.find(req.session_id());
    if (it != sessions_.end()) session = it->second;
  }
  const int64_t now = now_us();
  if (!session) throw DomainError::unauthenticated(kNoSession);
  if (session->expires_us <= now) {
    std::lock_guard lock(mu_);
    sessions_.erase(req.session_id());
    throw DomainError::unauthenticated(kNoSession);
  }
  std::lock_guard lock(session->mu);
  if (req.sequence() <= session->last_sequence) {
    throw DomainError::failed_precondition(
        "sequence " + std::to_string(req.sequence()) + " is not above the last one accepted (" +
        std::to_string(session->last_sequence) + "): a replayed or reordered sealed request");
  }
  auto plain = session->from_client.open(req.sequence(), view(req.ciphertext()));
  if (!plain) {
    throw DomainError::invalid_argument(
        "ciphertext: the sealed request does not open under the session key (tampered, or "
        "sealed for another session or sequence number)",
        "ciphertext");
  }
  OpenedCall out;
  if (!out.call.ParseFromArray(plain->reveal().data(), static_cast<int>(plain->size())))
    throw DomainError::invalid_argument("ciphertext: not a SealedCall", "ciphertext");
  const int64_t now_ms = now / 1000;
  if (out.call.expires_at_unix_ms() <= now_ms)
    throw DomainError::failed_precondition("the sealed request has expired");
  if (out.call.expires_at_unix_ms() > now_ms + kSkewMs) {
    throw DomainError::invalid_argument(
        "expires_at_unix_ms: at most 5 minutes ahead of the KMS's clock", "expires_at_unix_ms");
  }
  session->last_sequence = req.sequence();
  out.caller = session->caller;
  out.sequence = req.sequence();
  out.session = std::move(session);
  return out;
}

v1::SealedResponse SessionTable::seal_result(const OpenedCall& call,
                                             const v1::SealedResult& result) {
  std::string plain = result.SerializeAsString();
  v1::SealedResponse out;
  out.set_sequence(call.sequence);
  Bytes sealed;
  {
    std::lock_guard lock(call.session->mu);
    sealed = call.session->to_client.seal(call.sequence, view(plain));
  }
  std::fill(plain.begin(), plain.end(), '\0');
  out.set_ciphertext(std::string(sealed.begin(), sealed.end()));
  return out;
}

}  // namespace zt::kms
