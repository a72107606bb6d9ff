// The MLS credential identity of a zt device, as Control Hub's org CA
// writes it into device certificates (a URI SAN) and as a basic credential
// carries it: "zt://<org id>/devices/<device id>".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "zt/base/clock.h"
#include "zt/mls/credential_validation.h"
#include "zt/mls/leaf_node.h"

namespace zt::delivery {

// 1..128 characters of [A-Za-z0-9_-] (Control Hub's ids are UUIDs): safe
// in SQL parameters, messages and metric labels.
bool is_device_id(std::string_view id);

std::string device_uri(const std::string& org_id, const std::string& device_id);

// True if `identity` (what validation of the credential returned) names
// exactly this device: the basic identity equals its URI, or the X.509
// end-entity certificate lists its URI among the URI SANs.
bool names_device(const mls::MemberIdentity& identity, const std::string& org_id,
                  const std::string& device_id);

// The device a group member's leaf names (a basic identity or a URI SAN of
// the form zt://<org>/devices/<id>), or nullopt (another kind of member, or
// a credential that does not validate now).
std::optional<std::string> device_of(const mls::LeafNode& leaf, const Clock& clock);

}  // namespace zt::delivery
