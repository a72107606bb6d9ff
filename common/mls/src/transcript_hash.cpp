#include "zt/mls/transcript_hash.h"

#include "zt/crypto/hash.h"
#include "zt/crypto/hmac.h"
#include "zt/crypto/secret_bytes.h"
#include "zt/mls/group_error.h"

namespace zt::mls {

Bytes confirmed_transcript_hash(const crypto::SuiteAlgorithms& suite, BytesView interim_before,
                                const AuthenticatedContent& commit) {
  Bytes input(interim_before.begin(), interim_before.end());
  Writer w(input);
  tls_write(w, commit.wire_format);
  tls_write(w, commit.content);
  tls_write(w, commit.auth.signature);
  return crypto::hash(suite.hash, input);
}

Bytes interim_transcript_hash(const crypto::SuiteAlgorithms& suite, BytesView confirmed,
                              const Mac& confirmation_tag) {
  Bytes input(confirmed.begin(), confirmed.end());
  encode_to(input, InterimTranscriptHashInput{confirmation_tag});
  return crypto::hash(suite.hash, input);
}

TranscriptHashes update_transcript_hashes(const crypto::SuiteAlgorithms& suite,
                                          BytesView interim_before,
                                          const AuthenticatedContent& commit) {
  if (!commit.auth.confirmation_tag) throw MessageRejected(MessageErrorCode::kMalformed);
  TranscriptHashes out;
  out.confirmed = confirmed_transcript_hash(suite, interim_before, commit);
  out.interim = interim_transcript_hash(suite, out.confirmed, *commit.auth.confirmation_tag);
  return out;
}

Mac confirmation_tag(const crypto::SuiteAlgorithms& suite, BytesView confirmation_key,
                     BytesView confirmed_transcript_hash) {
  return crypto::hmac(suite.hash, confirmation_key, confirmed_transcript_hash);
}

bool verify_confirmation_tag(const crypto::SuiteAlgorithms& suite, BytesView confirmation_key,
                             BytesView confirmed_transcript_hash, BytesView tag) {
  return crypto::constant_time_equal(
      confirmation_tag(suite, confirmation_key, confirmed_transcript_hash), tag);
}

}  // namespace zt::mls
