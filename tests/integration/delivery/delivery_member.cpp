#include "delivery_member.h"

namespace zt::delivery::testing {

std::optional<uint64_t> follow(Member& m, const std::vector<v1::GroupMessage>& stream) {
  std::optional<uint64_t> asked;
  for (; m.handled < stream.size(); ++m.handled) {
    const v1::GroupMessage& gm = stream[m.handled];
    if (gm.kind() == v1::MESSAGE_KIND_COMMIT_REQUEST) {
      asked = gm.epoch();
      continue;
    }
    if (!m.group || gm.kind() == v1::MESSAGE_KIND_APPLICATION) continue;
    if (gm.epoch() != m.group->epoch()) continue;  // before it joined, or its own merged commit
    auto msg = mls::decode<mls::MlsMessage>(to_bytes(gm.message()));
    if (!msg) throw std::runtime_error("stream message does not decode");
    m.group->handle(*msg);
  }
  return asked;
}

mls::Group copy_of(const mls::Group& g) {
  const Bytes key(32, 9);
  return mls::Group::restore(g.serialize(key), key);
}

PreparedCommit prepare_commit(const Member& m, const std::string& group_id,
                              mls::CommitOptions options) {
  mls::Group next = copy_of(*m.group);
  mls::CommitResult r = next.commit(std::move(options));
  next.merge_pending_commit();
  v1::SendCommitRequest req;
  req.set_group_id(group_id);
  req.set_commit(to_string(mls::encode(r.commit)));
  if (r.welcome) req.set_welcome(to_string(mls::encode(*r.welcome)));
  req.set_group_info(to_string(mls::encode(next.group_info())));
  return {std::move(req), std::move(next), std::move(r.welcome)};
}

grpc::Status send_commit(v1::Delivery::Stub& stub, Member& m, PreparedCommit prepared,
                         v1::SendCommitResponse* out) {
  v1::SendCommitResponse ignored;
  auto ctx = context_for(m.device.token);
  grpc::Status st = stub.SendCommit(ctx.get(), prepared.request, out ? out : &ignored);
  if (st.ok()) m.group.emplace(std::move(prepared.next));
  return st;
}

mls::Extensions ds_external_senders(v1::Delivery::Stub& stub, const std::string& token) {
  v1::GetExternalSenderRequest req;
  req.set_cipher_suite(kSuite);
  v1::ExternalSender out;
  auto ctx = context_for(token);
  grpc::Status st = stub.GetExternalSender(ctx.get(), req, &out);
  if (!st.ok()) throw std::runtime_error("GetExternalSender: " + st.error_message());
  auto sender = mls::decode<mls::ExternalSender>(to_bytes(out.external_sender()));
  if (!sender) throw std::runtime_error("external_sender does not decode");
  return {mls::Extension{mls::kExtensionExternalSenders,
                         mls::encode(mls::ExternalSenders{*sender})}};
}

}  // namespace zt::delivery::testing
