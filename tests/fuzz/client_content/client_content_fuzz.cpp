// Fuzzes what zt-client reads from others and from disk: an application
// message's envelope (decrypted bytes a member sent) and the decrypted
// profile state (DeviceSecrets, MeetingState). Input: the first byte picks
// the decoder, the rest is its input.
//
// Properties: decode_envelope either returns an envelope that passes
// check_envelope and re-encodes to the same bytes, or throws ClientError of
// kind kProtocol; the state decoders return a value or an error, never
// throw; nothing else escapes.
#include <cstdint>
#include <cstdlib>

#include "zt/client/client_error.h"
#include "zt/client/envelope.h"
#include "zt/client/profile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace zt::client;
  if (size == 0) return 0;
  zt::BytesView in(data + 1, size - 1);
  switch (data[0] % 3) {
    case 0:
      try {
        Envelope e = decode_envelope(in);
        check_envelope(e);
        if (zt::mls::encode(e) != zt::Bytes(in.begin(), in.end())) std::abort();
      } catch (const ClientError& err) {
        if (err.kind() != ErrorKind::kProtocol) std::abort();
      }
      break;
    case 1:
      (void)zt::mls::decode<DeviceSecrets>(in);
      break;
    default:
      (void)zt::mls::decode<MeetingState>(in);
      break;
  }
  return 0;
}
