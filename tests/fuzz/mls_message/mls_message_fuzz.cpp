// Fuzzes MLSMessage decoding. Whatever decodes must re-encode to the same
// bytes; a PrivateMessage's ciphertext is also fed to the
// PrivateMessageContent decoder (padding rules) with the same property.
#include <cstdint>
#include <cstdlib>

#include "zt/mls/mls_message.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace zt::mls;
  zt::BytesView input(data, size);
  auto message = decode<MlsMessage>(input);
  if (!message) return 0;
  zt::Bytes again = encode(*message);
  if (!std::equal(again.begin(), again.end(), input.begin(), input.end())) std::abort();
  if (const auto* pm = std::get_if<PrivateMessage>(&message->message)) {
    auto content = decode_private_message_content(pm->ciphertext, pm->content_type);
    if (content && encode(*content) != pm->ciphertext) std::abort();
  }
  return 0;
}
