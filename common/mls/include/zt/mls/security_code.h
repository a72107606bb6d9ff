// The security verification code members compare out of band (issue 4
// item 6): 30 decimal digits in 6 groups of 5. Group i is the big-endian
// integer of bytes [5i, 5i+5) of the epoch authenticator, mod 100000,
// zero-padded.
#pragma once

#include <string>

#include "zt/base/bytes.h"

namespace zt::mls {

// "01234 56789 ..." (groups separated by one space). Throws
// std::invalid_argument if the authenticator is shorter than 30 bytes.
std::string security_code(BytesView epoch_authenticator);

}  // namespace zt::mls
