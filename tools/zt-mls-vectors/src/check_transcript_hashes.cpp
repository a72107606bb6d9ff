// transcript-hashes: the commit's confirmation tag verifies, and the
// confirmed / interim hashes follow from interim_transcript_hash_before.
#include <string>

#include "zt/base/bytes.h"
#include "zt/mls/transcript_hash.h"
#include "zt/mls_vectors/registry.h"

namespace zt::mls_vectors {
namespace {

Bytes hex_at(const nlohmann::json& v, const char* key) {
  return from_hex(v.at(key).get<std::string>());
}

}  // namespace

VectorResult check_transcript_hashes(const nlohmann::json& v) {
  const crypto::SuiteAlgorithms& suite =
      mls::suite_algorithms(v.at("cipher_suite").get<uint16_t>());
  auto content = mls::decode<mls::AuthenticatedContent>(hex_at(v, "authenticated_content"));
  if (!content) return VectorResult::fail("authenticated_content: " + content.error().to_string());
  if (content->content.content_type() != mls::ContentType::kCommit ||
      !content->auth.confirmation_tag) {
    return VectorResult::fail("authenticated_content is not a commit");
  }
  const Bytes confirmed_after = hex_at(v, "confirmed_transcript_hash_after");
  if (!mls::verify_confirmation_tag(suite, hex_at(v, "confirmation_key"), confirmed_after,
                                    *content->auth.confirmation_tag)) {
    return VectorResult::fail("confirmation_tag");
  }
  const mls::TranscriptHashes got =
      mls::update_transcript_hashes(suite, hex_at(v, "interim_transcript_hash_before"), *content);
  if (got.confirmed != confirmed_after)
    return VectorResult::fail("confirmed_transcript_hash_after");
  if (got.interim != hex_at(v, "interim_transcript_hash_after")) {
    return VectorResult::fail("interim_transcript_hash_after");
  }
  return VectorResult::pass();
}

}  // namespace zt::mls_vectors
