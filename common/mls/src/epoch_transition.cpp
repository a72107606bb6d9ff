// The step every commit path ends with (RFC 9420 sections 8 and 8.2):
// creating a commit, processing one, building an external commit and
// creating a group all derive the new epoch's secrets the same way and
// then compute or check its confirmation tag.
#include "group_internal.h"
#include "zt/mls/key_schedule.h"
#include "zt/mls/transcript_hash.h"

namespace zt::mls {

Mac enter_epoch(const crypto::SuiteAlgorithms& suite, NextEpoch& next, BytesView init_secret,
                BytesView commit_secret, BytesView psk_secret, const Mac* received) {
  next.secrets = derive_epoch_secrets(suite, init_secret, commit_secret, psk_secret, next.context);
  const BytesView confirmed = next.context.confirmed_transcript_hash;
  const BytesView key = next.secrets.confirmation_key.reveal();
  Mac tag;
  if (received == nullptr) {
    tag = confirmation_tag(suite, key, confirmed);
  } else if (verify_confirmation_tag(suite, key, confirmed, *received)) {
    tag = *received;
  } else {
    throw ProtocolError("confirmation tag does not verify");
  }
  next.interim = interim_transcript_hash(suite, confirmed, tag);
  next.confirmation_tag = tag;
  return tag;
}

}  // namespace zt::mls
