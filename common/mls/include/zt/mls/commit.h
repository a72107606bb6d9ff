// Commit (RFC 9420 section 12.4).
#pragma once

#include <optional>
#include <vector>

#include "zt/mls/proposal.h"
#include "zt/mls/tls_codec.h"
#include "zt/mls/update_path.h"

namespace zt::mls {

struct Commit {
  static constexpr ContentType kSelectTag = ContentType::kCommit;  // in FramedContent
  std::vector<ProposalOrRef> proposals;
  std::optional<UpdatePath> path;
  ZT_TLS_FIELDS(proposals, path)
  bool operator==(const Commit&) const = default;
};

}  // namespace zt::mls
