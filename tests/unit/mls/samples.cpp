#include "samples.h"

namespace zt::mls::samples {

Bytes bytes(size_t n, uint8_t seed) {
  Bytes out(n);
  for (size_t i = 0; i < n; ++i) out[i] = static_cast<uint8_t>(seed + i * 7);
  return out;
}

Credential basic_credential() {
  BytesView id = as_bytes("alice@example.com");
  return {BasicCredential{Bytes(id.begin(), id.end())}};
}

Credential x509_credential() {
  return {X509Credential{{Certificate{bytes(300, 1)}, Certificate{bytes(20, 2)}}}};
}

Capabilities capabilities() {
  return {{ProtocolVersion::kMls10},
          {1, 2, 3},
          {kExtensionExternalSenders, 0x0a0a},
          {0x0a0a},
          {kCredentialBasic, kCredentialX509}};
}

LeafNode leaf_node(LeafNodeSource source) {
  LeafNode leaf;
  leaf.encryption_key = bytes(32, 3);
  leaf.signature_key = bytes(32, 4);
  leaf.credential = basic_credential();
  leaf.capabilities = capabilities();
  leaf.source = std::move(source);
  leaf.extensions = {Extension{kExtensionApplicationId, bytes(5, 5)}};
  leaf.signature = bytes(64, 6);
  return leaf;
}

KeyPackage key_package() {
  KeyPackage kp;
  kp.cipher_suite = 1;
  kp.init_key = bytes(32, 7);
  kp.leaf_node = leaf_node(KeyPackageLeafSource{Lifetime{1, 0xffffffffffffffffULL}});
  kp.signature = bytes(64, 8);
  return kp;
}

UpdatePath update_path() {
  UpdatePath path;
  path.leaf_node = leaf_node(CommitLeafSource{bytes(32, 9)});
  path.nodes = {UpdatePathNode{bytes(32, 10), {HpkeCiphertext{bytes(32, 11), bytes(48, 12)}}},
                UpdatePathNode{bytes(32, 13), {}}};
  return path;
}

Proposal proposal(size_t alternative) {
  switch (alternative) {
    case 0:
      return {Add{key_package()}};
    case 1:
      return {Update{leaf_node(UpdateLeafSource{})}};
    case 2:
      return {Remove{5}};
    case 3:
      return {PreSharedKey{PreSharedKeyId{ExternalPsk{bytes(8, 14)}, bytes(32, 15)}}};
    case 4:
      return {ReInit{bytes(16, 16), ProtocolVersion::kMls10, 3, {Extension{9, {}}}}};
    case 5:
      return {ExternalInit{bytes(65, 17)}};
    default:
      return {GroupContextExtensions{
          {Extension{kExtensionRequiredCapabilities, encode(RequiredCapabilities{{5}, {}, {1}})}}}};
  }
}

Commit commit() {
  Commit c;
  c.proposals = {ProposalOrRef{proposal(2)}, ProposalOrRef{ProposalRef(bytes(32, 18))},
                 ProposalOrRef{proposal(3)}};
  c.path = update_path();
  return c;
}

GroupContext group_context() {
  return {ProtocolVersion::kMls10,
          1,
          bytes(16, 19),
          42,
          bytes(32, 20),
          bytes(32, 21),
          {Extension{kExtensionExternalSenders,
                     encode(ExternalSenders{ExternalSender{bytes(32, 22), x509_credential()}})}}};
}

GroupInfo group_info() {
  return {group_context(),
          {Extension{kExtensionExternalPub, encode(ExternalPub{bytes(32, 23)})}},
          bytes(32, 24),
          3,
          bytes(64, 25)};
}

Welcome welcome() {
  return {1,
          {EncryptedGroupSecrets{bytes(32, 26), HpkeCiphertext{bytes(32, 27), bytes(90, 28)}}},
          bytes(200, 29)};
}

GroupSecrets group_secrets() {
  return {
      crypto::SecretBytes(bytes(32, 30)),
      PathSecret{crypto::SecretBytes(bytes(32, 31))},
      {PreSharedKeyId{ResumptionPsk{ResumptionPskUsage::kBranch, bytes(8, 32), 7}, bytes(32, 33)}}};
}

RatchetTree ratchet_tree() {
  return {Node{leaf_node(KeyPackageLeafSource{Lifetime{0, 10}})},
          Node{ParentNode{bytes(32, 34), bytes(32, 35), {2}}}, std::nullopt, std::nullopt,
          Node{leaf_node(CommitLeafSource{bytes(32, 36)})}};
}

FramedContent framed_content(Sender sender, Content content) {
  return {bytes(16, 37), 42, std::move(sender), bytes(3, 38), std::move(content)};
}

PublicMessage public_commit() {
  return {framed_content(Sender{MemberSender{1}}, commit()),
          FramedContentAuthData{bytes(64, 39), bytes(32, 40)}, bytes(32, 41)};
}

PrivateMessage private_message() {
  return {bytes(16, 42), 42, ContentType::kApplication, {}, bytes(24, 43), bytes(120, 44)};
}

}  // namespace zt::mls::samples
