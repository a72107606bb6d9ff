// Fuzzes the decoder of the client state (Group::restore) past its AEAD:
// the input is the sealed plaintext, which the target seals under a fixed
// key in the blob layout ("ZTCS" version | nonce | AES-256-GCM) of the
// current version 4, of version 3 (still read, without the trailing past
// epochs' application keys and tree hash cache) and of version 2 (without
// the ReInit field either) before restoring it. Seeds are plaintexts of real states (see the
// corpus; v2_* are version-2 plaintexts, v4_* version 4, the others v3).
//
// Properties: restore either returns a group or throws StateError; nothing
// else escapes and nothing crashes. A restored group serializes again, and
// that state restores to the same epoch and epoch authenticator.
// On its first run the target checks that a genuine state opens under the
// layout it assumes, so a format change cannot silently reduce it to
// fuzzing the AEAD tag check.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>

#include "zt/crypto/aead.h"
#include "zt/mls/group.h"

namespace {

using namespace zt::mls;

constexpr std::string_view kAad = "zt mls client state";
const zt::Bytes kKey(32, 0x5a);
const zt::Bytes kHeader{'Z', 'T', 'C', 'S', 4};
const zt::Bytes kHeaderV3{'Z', 'T', 'C', 'S', 3};
const zt::Bytes kHeaderV2{'Z', 'T', 'C', 'S', 2};
const zt::Bytes kNonce(12, 0x11);

zt::Bytes seal(zt::BytesView plaintext, const zt::Bytes& header = kHeader) {
  zt::Bytes out = zt::concat(header, kNonce);
  const zt::Bytes sealed =
      zt::crypto::aead_seal(zt::crypto::AeadAlgorithm::kAes256Gcm, kKey, kNonce,
                            zt::concat(zt::as_bytes(kAad), header), plaintext);
  out.insert(out.end(), sealed.begin(), sealed.end());
  return out;
}

void check_layout() {
  KeyPackageParams params;
  params.cipher_suite = 1;
  params.credential = Credential{BasicCredential{zt::Bytes{'f'}}};
  Group g = Group::create(zt::Bytes{'g'}, create_key_package(std::move(params)));
  const zt::Bytes blob = g.serialize(kKey);
  if (blob.size() < 17 || !std::equal(kHeader.begin(), kHeader.end(), blob.begin())) std::abort();
  const zt::BytesView view(blob);
  auto plain =
      zt::crypto::aead_open(zt::crypto::AeadAlgorithm::kAes256Gcm, kKey, view.subspan(5, 12),
                            zt::concat(zt::as_bytes(kAad), kHeader), view.subspan(17));
  if (!plain) std::abort();
  Group again = Group::restore(seal(*plain), kKey);
  if (again.epoch() != g.epoch()) std::abort();
  // Version 3 is the same plaintext without the trailing tree hash cache
  // and past epochs' application keys (none: an empty vector, one zero
  // byte), version 2 without the ReInit field either (absent: one zero byte).
  const size_t hashes = encode(g.tree().cached_hashes()).size();
  if (plain->size() < hashes) std::abort();
  plain->resize(plain->size() - hashes);
  for (const zt::Bytes* older : {&kHeaderV3, &kHeaderV2}) {
    if (plain->empty() || plain->back() != 0) std::abort();
    plain->pop_back();
    if (Group::restore(seal(*plain, *older), kKey).epoch() != g.epoch()) std::abort();
  }
}

void restore_and_check(zt::BytesView plaintext, const zt::Bytes& header) {
  std::optional<Group> group;
  try {
    group.emplace(Group::restore(seal(plaintext, header), kKey));
  } catch (const StateError&) {
    return;
  }
  Group again = Group::restore(group->serialize(kKey), kKey);
  if (again.epoch() != group->epoch()) std::abort();
  if (!std::equal(again.epoch_authenticator().begin(), again.epoch_authenticator().end(),
                  group->epoch_authenticator().begin(), group->epoch_authenticator().end())) {
    std::abort();
  }
  if (again.reinit() != group->reinit()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool kLayoutChecked = (check_layout(), true);
  (void)kLayoutChecked;
  for (const zt::Bytes* header : {&kHeader, &kHeaderV3, &kHeaderV2})
    restore_and_check(zt::BytesView(data, size), *header);
  return 0;
}
