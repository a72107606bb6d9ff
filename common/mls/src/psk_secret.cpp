#include "zt/mls/psk_secret.h"

#include "zt/mls/labels.h"

namespace zt::mls {

crypto::SecretBytes psk_secret(const crypto::SuiteAlgorithms& suite,
                               std::span<const PskWithSecret> psks) {
  const Bytes zero = zero_secret(suite);
  crypto::SecretBytes secret{BytesView(zero)};
  const auto count = static_cast<uint16_t>(psks.size());
  for (size_t i = 0; i < psks.size(); ++i) {
    const crypto::SecretBytes extracted = kdf_extract(suite, zero, psks[i].psk.reveal());
    const Bytes label = encode(PskLabel{psks[i].id, static_cast<uint16_t>(i), count});
    const crypto::SecretBytes input =
        expand_with_label(suite, extracted.reveal(), "derived psk", label, suite.nh);
    secret = kdf_extract(suite, input.reveal(), secret.reveal());
  }
  return secret;
}

}  // namespace zt::mls
