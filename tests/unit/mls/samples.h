// Sample values of the MLS wire structs for codec tests: every select case
// and optional appears in at least one sample.
#pragma once

#include "zt/mls/labels.h"
#include "zt/mls/mls_message.h"
#include "zt/mls/ratchet_tree.h"

namespace zt::mls::samples {

Bytes bytes(size_t n, uint8_t seed);
Credential basic_credential();
Credential x509_credential();
Capabilities capabilities();
LeafNode leaf_node(LeafNodeSource source);
KeyPackage key_package();
UpdatePath update_path();
Proposal proposal(size_t alternative);  // 0..6: Add ... GroupContextExtensions
Commit commit();
GroupContext group_context();
GroupInfo group_info();
Welcome welcome();
GroupSecrets group_secrets();
RatchetTree ratchet_tree();
FramedContent framed_content(Sender sender, Content content);
PublicMessage public_commit();
PrivateMessage private_message();

}  // namespace zt::mls::samples
