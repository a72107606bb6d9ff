// Helpers the meeting files share (not part of the API).
#pragma once

#include <string>

#include "zt/base/bytes.h"
#include "zt/client/client_error.h"
#include "zt/mls/error.h"
#include "zt/mls/mls_message.h"
#include "zt/mls/tls_codec.h"

namespace zt::client::detail {

inline std::string str(BytesView b) { return std::string(b.begin(), b.end()); }
inline Bytes bytes(const std::string& s) { return Bytes(s.begin(), s.end()); }

// Decodes an MLSMessage a service handed us; ClientError(kProtocol) naming `what`.
inline mls::MlsMessage decode_message(const std::string& data, const std::string& what) {
  auto m = mls::decode<mls::MlsMessage>(as_bytes(data));
  if (!m) throw ClientError::protocol(what + " is not an MLSMessage: " + m.error().to_string());
  return std::move(*m);
}

// "<category>: <what>" of an MLS error, for one-line reports.
inline std::string describe(const mls::Error& e) {
  return std::string(mls::to_string(e.category())) + ": " + e.what();
}

}  // namespace zt::client::detail
