// The MLS credential identity of a zt device, as Control Hub's org CA
// writes it into device certificates (a URI SAN) and as a basic credential
// carries it: "zt://<org id>/devices/<device id>".
#pragma once

#include <string>
#include <string_view>

#include "zt/mls/credential_validation.h"

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

}  // namespace zt::delivery
