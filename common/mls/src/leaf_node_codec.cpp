// LeafNodeTBS: LeafNode fields without the signature, then the group
// binding for update and commit sources (RFC 9420 section 7.2).
#include "zt/mls/leaf_node.h"

namespace zt::mls {
namespace {

bool has_group_binding(const LeafNodeSource& source) {
  return !std::holds_alternative<KeyPackageLeafSource>(source);
}

template <class Self, class V>
void visit_tbs(Self& self, V& v) {
  v(self.encryption_key, "encryption_key");
  v(self.signature_key, "signature_key");
  v(self.credential, "credential");
  v(self.capabilities, "capabilities");
  v(self.source, "source");
  v(self.extensions, "extensions");
}

}  // namespace

LeafNodeTbs leaf_node_tbs(const LeafNode& leaf, BytesView group_id, uint32_t leaf_index) {
  LeafNodeTbs tbs{leaf.encryption_key,
                  leaf.signature_key,
                  leaf.credential,
                  leaf.capabilities,
                  leaf.source,
                  leaf.extensions,
                  {},
                  0};
  if (has_group_binding(leaf.source)) {
    tbs.group_id.assign(group_id.begin(), group_id.end());
    tbs.leaf_index = leaf_index;
  }
  return tbs;
}

void tls_write(Writer& w, const LeafNodeTbs& v) {
  detail::WriteVisitor visitor{w};
  visit_tbs(v, visitor);
  if (has_group_binding(v.source)) {
    visitor(v.group_id, "group_id");
    visitor(v.leaf_index, "leaf_index");
  }
}

void tls_read(Reader& r, LeafNodeTbs& v) {
  detail::ReadVisitor visitor{r};
  visit_tbs(v, visitor);
  v.group_id.clear();
  v.leaf_index = 0;
  if (!r.failed() && has_group_binding(v.source)) {
    visitor(v.group_id, "group_id");
    visitor(v.leaf_index, "leaf_index");
  }
}

}  // namespace zt::mls
