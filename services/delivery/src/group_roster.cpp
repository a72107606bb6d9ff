#include "group_roster.h"

#include "delivery_error.h"
#include "device_identity.h"
#include "zt/mls/ratchet_tree.h"

namespace zt::delivery {
namespace {

mls::RatchetTree tree_of(const mls::MlsMessage& group_info) {
  const auto* info = std::get_if<mls::GroupInfo>(&group_info.message);
  if (info == nullptr) throw DeliveryError::invalid_argument("not a GroupInfo");
  const mls::Extension* ext = mls::find_extension(info->extensions, mls::kExtensionRatchetTree);
  if (ext == nullptr)
    throw DeliveryError::invalid_argument("the GroupInfo has no ratchet_tree extension");
  auto nodes = mls::decode<mls::RatchetTree>(ext->extension_data);
  if (!nodes)
    throw DeliveryError::invalid_argument("the GroupInfo's ratchet tree does not decode: " +
                                          nodes.error().to_string());
  return std::move(*nodes);
}

// The leaf node at leaf index i (node 2i), or null when blank.
const mls::LeafNode* leaf_at(const mls::RatchetTree& nodes, std::size_t i) {
  const auto& node = nodes[2 * i];
  if (!node) return nullptr;
  const auto* leaf = std::get_if<mls::LeafNode>(&node->value);
  if (leaf == nullptr) throw DeliveryError::invalid_argument("a parent node at a leaf position");
  return leaf;
}

}  // namespace

std::size_t member_count(const mls::MlsMessage& group_info) {
  mls::RatchetTree nodes = tree_of(group_info);
  std::size_t n = 0;
  for (std::size_t i = 0; 2 * i < nodes.size(); ++i) n += leaf_at(nodes, i) != nullptr;
  return n;
}

std::optional<uint32_t> leaf_of_device(BytesView group_info, const std::string& device_id,
                                       const Clock& clock) {
  auto m = mls::decode<mls::MlsMessage>(group_info);
  if (!m) throw DeliveryError::invalid_argument("the GroupInfo does not decode");
  mls::RatchetTree nodes = tree_of(*m);
  for (std::size_t i = 0; 2 * i < nodes.size(); ++i) {
    const mls::LeafNode* leaf = leaf_at(nodes, i);
    if (leaf == nullptr) continue;
    auto device = device_of(*leaf, clock);
    if (device && *device == device_id) return static_cast<uint32_t>(i);
  }
  return std::nullopt;
}

}  // namespace zt::delivery
