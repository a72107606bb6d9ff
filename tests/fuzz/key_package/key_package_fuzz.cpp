// Fuzzes KeyPackage decoding (the bare struct, as found in Add proposals and
// the DS directory). Whatever decodes must re-encode to the same bytes, and
// its to-be-signed forms must encode.
#include <cstdint>
#include <cstdlib>

#include "zt/mls/key_package.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace zt::mls;
  zt::BytesView input(data, size);
  auto kp = decode<KeyPackage>(input);
  if (!kp) return 0;
  zt::Bytes again = encode(*kp);
  if (!std::equal(again.begin(), again.end(), input.begin(), input.end())) std::abort();
  zt::Bytes tbs = encode(key_package_tbs(*kp));
  zt::Bytes leaf_tbs = encode(leaf_node_tbs(kp->leaf_node, {}, 0));
  if (tbs.size() >= again.size() || leaf_tbs.empty()) std::abort();
  return 0;
}
