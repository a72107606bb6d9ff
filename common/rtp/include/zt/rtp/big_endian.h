// RTP code uses the shared network-byte-order helpers of zt_base.
#pragma once

#include "zt/base/big_endian.h"

namespace zt::rtp {

using zt::load_be16;
using zt::load_be32;
using zt::store_be16;
using zt::store_be32;

}  // namespace zt::rtp
