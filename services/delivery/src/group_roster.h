// Who is in a group's current epoch, read from the GroupInfo the Delivery
// Service stored for it (MLSMessage(GroupInfo) with the ratchet_tree
// extension, accepted through the public view when it was stored, so it is
// not checked again here). Media grants are issued from it (the caller's
// leaf) and the participant cap of the meeting policy counts it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "zt/base/bytes.h"
#include "zt/base/clock.h"
#include "zt/mls/mls_message.h"

namespace zt::delivery {

// Non-blank leaves of the tree. Throws DeliveryError(kInvalidArgument) if
// `group_info` is not a GroupInfo with a decodable ratchet tree.
std::size_t member_count(const mls::MlsMessage& group_info);

// The leaf whose credential names `device_id` (device_identity.h), if any.
// Throws like member_count; `group_info` is the stored TLS encoding.
std::optional<uint32_t> leaf_of_device(BytesView group_info, const std::string& device_id,
                                       const Clock& clock);

}  // namespace zt::delivery
