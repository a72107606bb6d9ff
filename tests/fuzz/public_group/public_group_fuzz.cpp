// Fuzzes the Delivery Service's public view of a group: a GroupInfo to
// start from, then proposals, commits, commit bundles and GroupInfos (the
// record format and the properties are in public_group_input.h). Seeds are
// real groups' messages (tests/unit/mls_public_group writes them).
#include <cstdint>

#include "public_group_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  zt::mls::fuzz::drive(zt::BytesView(data, size));
  return 0;
}
