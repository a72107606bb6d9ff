#include "zt/kms/sealed_session.h"

#include "zt/crypto/random.h"

namespace zt::kms {
namespace {

int64_t unix_ms(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

BytesView view(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

}  // namespace

SealedSession::SealedSession(v1::Kms::StubInterface& stub, std::string token,
                             SealedSessionOptions options, const crypto::HpkeContext& hpke,
                             const v1::OpenSessionResponse& opened)
    : stub_(stub),
      token_(std::move(token)),
      options_(options),
      session_id_(opened.session_id()),
      expires_at_unix_(opened.expires_at_unix()),
      to_kms_(hpke, Direction::kClientToKms, view(opened.session_id())),
      from_kms_(hpke, Direction::kKmsToClient, view(opened.session_id())) {}

std::unique_ptr<grpc::ClientContext> SealedSession::context() const {
  // No bearer token: the session is the credential of a sealed call.
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() + options_.deadline);
  return ctx;
}

grpc::Status SealedSession::open(v1::Kms::StubInterface& stub, std::string bearer_token,
                                 const KmsTrust& trust, std::unique_ptr<SealedSession>* out,
                                 SealedSessionOptions options) {
  auto ctx = [&] {
    auto c = std::make_unique<grpc::ClientContext>();
    c->AddMetadata("authorization", "Bearer " + bearer_token);
    c->set_deadline(std::chrono::system_clock::now() + options.deadline);
    return c;
  };
  v1::SessionKey published;
  if (grpc::Status s = stub.GetSessionKey(ctx().get(), v1::GetSessionKeyRequest{}, &published);
      !s.ok())
    return s;
  Bytes public_key;
  try {
    public_key = verified_session_key(published, trust, std::chrono::system_clock::now());
  } catch (const UntrustedSessionKey& e) {
    return {grpc::StatusCode::UNAUTHENTICATED, e.what()};
  }
  crypto::Hpke hpke(kSessionSuite);
  crypto::HpkeSetup setup;
  const std::string info(kSessionInfo);
  setup.info = view(info);
  crypto::HpkeSender sender = hpke.setup_sender(public_key, setup);
  v1::SessionHello hello;
  hello.set_sent_at_unix_ms(unix_ms(std::chrono::system_clock::now()));
  Bytes nonce = crypto::SystemRandom::instance().bytes(16);
  hello.set_client_nonce(std::string(nonce.begin(), nonce.end()));
  v1::OpenSessionRequest req;
  req.set_key_id(published.key_id());
  req.set_enc(std::string(sender.enc.begin(), sender.enc.end()));
  Bytes sealed = sender.context.seal(view(published.key_id()), view(hello.SerializeAsString()));
  req.set_ciphertext(std::string(sealed.begin(), sealed.end()));
  v1::OpenSessionResponse opened;
  if (grpc::Status s = stub.OpenSession(ctx().get(), req, &opened); !s.ok()) return s;
  if (opened.session_id().size() != kSessionIdSize)
    return {grpc::StatusCode::INTERNAL, "the KMS answered a session id of the wrong size"};
  std::unique_ptr<SealedSession> session(
      new SealedSession(stub, std::move(bearer_token), options, sender.context, opened));
  // Key confirmation: only the holder of the KMS's private key can seal this.
  if (!session->from_kms_.open(0, view(opened.confirmation())))
    return {grpc::StatusCode::UNAUTHENTICATED,
            "the KMS's session confirmation does not open: not the KMS the key belongs to"};
  *out = std::move(session);
  return grpc::Status::OK;
}

v1::SealedRequest SealedSession::seal(std::string_view method,
                                      const google::protobuf::MessageLite& request,
                                      std::optional<int64_t> expires_at_unix_ms) {
  v1::SealedCall call;
  call.set_method(std::string(method));
  call.set_request(request.SerializeAsString());
  call.set_expires_at_unix_ms(expires_at_unix_ms.value_or(
      unix_ms(std::chrono::system_clock::now() + options_.request_ttl)));
  std::string plain = call.SerializeAsString();
  std::lock_guard lock(mu_);
  v1::SealedRequest out;
  out.set_session_id(session_id_);
  out.set_sequence(next_sequence_++);
  Bytes sealed = to_kms_.seal(out.sequence(), view(plain));
  std::fill(plain.begin(), plain.end(), '\0');
  out.set_ciphertext(std::string(sealed.begin(), sealed.end()));
  return out;
}

grpc::Status SealedSession::send(const v1::SealedRequest& sealed,
                                 google::protobuf::MessageLite* response) {
  v1::SealedResponse answer;
  if (grpc::Status s = stub_.Sealed(context().get(), sealed, &answer); !s.ok()) return s;
  if (answer.sequence() != sealed.sequence())
    return {grpc::StatusCode::INTERNAL, "the KMS answered another request's sequence number"};
  std::optional<crypto::SecretBytes> plain;
  {
    std::lock_guard lock(mu_);
    plain = from_kms_.open(answer.sequence(), view(answer.ciphertext()));
  }
  if (!plain) return {grpc::StatusCode::DATA_LOSS, "the KMS's sealed response does not open"};
  v1::SealedResult result;
  if (!result.ParseFromArray(plain->reveal().data(), static_cast<int>(plain->size())))
    return {grpc::StatusCode::DATA_LOSS, "the KMS's sealed response does not decode"};
  if (result.status_code() != 0)
    return {static_cast<grpc::StatusCode>(result.status_code()), result.message()};
  if (response && !response->ParseFromString(result.response()))
    return {grpc::StatusCode::DATA_LOSS, "the KMS's response does not decode"};
  return grpc::Status::OK;
}

grpc::Status SealedSession::call(std::string_view method,
                                 const google::protobuf::MessageLite& request,
                                 google::protobuf::MessageLite* response) {
  // Sealing and sending under one lock keeps sequence numbers in the order sent.
  std::lock_guard order(call_mu_);
  return send(seal(method, request), response);
}

}  // namespace zt::kms
