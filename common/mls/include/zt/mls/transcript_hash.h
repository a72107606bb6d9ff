// Transcript hashes and the confirmation tag (RFC 9420 sections 8.2, 6.1):
//   confirmed_[n] = Hash(interim_[n-1] || ConfirmedTranscriptHashInput_[n])
//   interim_[n]   = Hash(confirmed_[n] || InterimTranscriptHashInput_[n])
//   confirmation_tag = MAC(confirmation_key, confirmed_[n])
#pragma once

#include "zt/base/bytes.h"
#include "zt/mls/crypto_labels.h"
#include "zt/mls/framing.h"
#include "zt/mls/message_error.h"

namespace zt::mls {

struct TranscriptHashes {
  Bytes confirmed;
  Bytes interim;
};

// The confirmed hash over a commit's AuthenticatedContent (wire format,
// content, signature).
Bytes confirmed_transcript_hash(const crypto::SuiteAlgorithms& suite, BytesView interim_before,
                                const AuthenticatedContent& commit);
Bytes interim_transcript_hash(const crypto::SuiteAlgorithms& suite, BytesView confirmed,
                              const Mac& confirmation_tag);
// Both, for a commit whose auth carries its confirmation tag (else
// MessageRejected(kMalformed) is thrown).
TranscriptHashes update_transcript_hashes(const crypto::SuiteAlgorithms& suite,
                                          BytesView interim_before,
                                          const AuthenticatedContent& commit);

Mac confirmation_tag(const crypto::SuiteAlgorithms& suite, BytesView confirmation_key,
                     BytesView confirmed_transcript_hash);
// Constant-time comparison with the expected tag.
bool verify_confirmation_tag(const crypto::SuiteAlgorithms& suite, BytesView confirmation_key,
                             BytesView confirmed_transcript_hash, BytesView tag);

}  // namespace zt::mls
