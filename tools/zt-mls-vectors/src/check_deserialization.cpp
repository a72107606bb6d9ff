// deserialization: a variable-size vector length header decodes to `length`
// and re-encodes to the same bytes (RFC 9420 section 2.1.2).
#include <string>

#include "zt/base/bytes.h"
#include "zt/mls/tls_reader.h"
#include "zt/mls/tls_writer.h"
#include "zt/mls_vectors/registry.h"

namespace zt::mls_vectors {

VectorResult check_deserialization(const nlohmann::json& v) {
  Bytes header = from_hex(v.at("vlbytes_header").get<std::string>());
  auto length = v.at("length").get<uint64_t>();
  mls::Reader r(header);
  size_t got = r.varint();
  if (r.failed()) return VectorResult::fail("header rejected: " + r.error().to_string());
  if (r.remaining() != 0) return VectorResult::fail("header has trailing bytes");
  if (got != length) {
    return VectorResult::fail("length: got " + std::to_string(got) + ", want " +
                              std::to_string(length));
  }
  Bytes again;
  mls::Writer w(again);
  w.varint(got);
  if (again != header) return VectorResult::fail("re-encoded header is " + to_hex(again));
  return VectorResult::pass();
}

}  // namespace zt::mls_vectors
