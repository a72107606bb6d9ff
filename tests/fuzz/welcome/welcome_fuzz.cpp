// Fuzzes decoding a Welcome and joining with it, holding one fixed
// KeyPackage bundle: the first suite-1 entry of the RFC 9420 interop vectors
// passive-client-welcome.json (public test keys). Input: an MLSMessage.
//
// Properties: Group::join either succeeds or throws one of the typed MLS
// errors (GroupError and its kinds, TreeError, LeafNodeError,
// KeyPackageError, CredentialError, MessageError); nothing else escapes. A
// join that succeeds placed our own leaf in a tree that validates against
// the GroupContext's tree hash.
#include <cstdint>
#include <cstdlib>

#include "zt/mls/group.h"
#include "zt/mls/key_package_validation.h"
#include "zt/mls/leaf_node_validation.h"
#include "zt/mls/tree_validation.h"

namespace {

using namespace zt::mls;

constexpr char kKeyPackage[] =
    "00010005000100012027eda0a6943bdaf78e8421903d921dff2833738853ff5ff7231839f81f62f05720afc80b999496"
    "2bda4bc1cfe02260a5b48a962e6fb78ef0848996a7dc7691746b202756a27055efed67e3b1e96910cd2be258fadde795"
    "c754c2253fc76fb5336e3300010641726e6f6c640200010e000100020003000400050006000700000200010100000000"
    "6401d67f0000000065e309ff004040986997da7096e69ba28a89d48738eb30bb173af40768c0bd5233889ef1ac429e6e"
    "00030e892d939719e0340c89d4eda0cb3d6a0a91330670e6841889708c050b0040406ecfea01c93873beb6695f010c40"
    "cb135e37ed5b2758a4f8c517ca4c03d6c12d32c48e50844797e1d28addaea3849b64ada646b080547fcabadf1e910a58"
    "f507";
constexpr char kInitPriv[] = "508db80759585286d5aed532221beb5a168a62f8ef443841bb41e00358680250";
constexpr char kEncryptionPriv[] = "e8efc1bf8bb3c1b9e5f2d87968ce992eadb35cef7e1873ba1c8a0871a7acb144";
constexpr char kSignaturePriv[] = "08c760e174e466ec33ff13eb72eadd44e1b7842bc5b25cfe1ebe755733f7b26c";

const KeyPackageBundle& me() {
  static const KeyPackageBundle kMe = [] {
    auto message = decode<MlsMessage>(zt::from_hex(kKeyPackage));
    if (!message) std::abort();
    return KeyPackageBundle{std::get<KeyPackage>(message->message), zt::crypto::SecretBytes(zt::from_hex(kInitPriv)),
                            zt::crypto::SecretBytes(zt::from_hex(kEncryptionPriv)),
                            zt::crypto::SecretBytes(zt::from_hex(kSignaturePriv))};
  }();
  return kMe;
}

void check_joined(const Group& group) {
  const LeafNode* own = group.tree().leaf(group.own_leaf());
  if (own == nullptr || !(*own == me().key_package.leaf_node)) std::abort();
  if (!validate_joined_tree(group.tree(), group.group_id(), group.context().tree_hash)) std::abort();
  if (group.epoch_authenticator().empty()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto message = decode<MlsMessage>(zt::BytesView(data, size));
  if (!message) return 0;
  try {
    Group group = Group::join(*message, me());
    check_joined(group);
  } catch (const GroupError&) {
  } catch (const TreeError&) {
  } catch (const LeafNodeError&) {
  } catch (const KeyPackageError&) {
  } catch (const CredentialError&) {
  } catch (const MessageError&) {
  }
  return 0;
}
