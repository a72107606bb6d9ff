// A meeting of real member groups whose every handshake goes through a
// PublicGroup first, as through the Delivery Service: a commit reaches the
// members only after the public view accepted it with the committer's
// GroupInfo of the new epoch.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "group_fixture.h"
#include "zt/crypto/signature.h"
#include "zt/mls/public_group.h"

namespace zt::mls::testing {

struct DsMeeting {
  Meeting meeting{0};
  std::vector<KeyPackageBundle> keys;  // by leaf: each member's KeyPackage bundle
  std::optional<PublicGroup> ds;
  // When set, every message the view is given is appended as a record of
  // fuzz_public_group's input (the seed corpus is made this way).
  Bytes* record = nullptr;

  // A group created by m0 (with `extensions`), the view made from its
  // epoch-0 GroupInfo, then m1..m(n-1) added by m0 through the view.
  explicit DsMeeting(size_t n, Extensions extensions = {}, Bytes* record = nullptr);
  Group& at(uint32_t leaf) { return meeting.at(leaf); }

  // `committer` commits `proposals` (plus pending ones) and the joiners'
  // Adds; the view takes the commit bundle, then every member processes it
  // and the joiners join from the Welcome.
  PublicCommit commit(uint32_t committer, std::vector<Proposal> proposals = {},
                      std::vector<KeyPackageBundle> joiners = {});
  // A proposal: the view first, then every member.
  void propose(const MlsMessage& proposal);
  // An external join from the view's published GroupInfo.
  PublicCommit join_external(KeyPackageBundle joiner, std::optional<uint32_t> resync = {});

  // Appends a commit bundle to `record` (when set).
  void record_bundle(const MlsMessage& commit, const MlsMessage& info);
  // The view's GroupContext and tree equal every active member's.
  void expect_view_matches();
};

// The Delivery Service's own signing key, listed in external_senders.
struct ExternalSigner {
  crypto::SigningKey key;
  ExternalSigner();
  // An external_senders extension holding this key (at index 0).
  Extensions extensions() const;
  // A PublicMessage proposal from external sender `index`, signed with this key.
  MlsMessage propose(const PublicGroup& view, Proposal proposal, uint32_t index = 0) const;
};

// What a refused message must leave unchanged.
struct ViewSnapshot {
  Bytes context;
  Bytes tree;
  Bytes interim;
  Bytes confirmation_tag;
  size_t proposals;
  std::optional<MlsMessage> group_info;
  explicit ViewSnapshot(const PublicGroup& g);
  bool operator==(const ViewSnapshot&) const = default;
};

// `message` with its FramedContent edited by `edit` and signed again with
// `signature_priv` over `context` (the membership tag is left stale: the
// view cannot check it).
MlsMessage resign(const MlsMessage& message, BytesView signature_priv, const GroupContext& context,
                  const std::function<void(FramedContent&)>& edit);

// Calls f, which must throw PublicGroupError with `reason`; "" when it did.
std::string refused_with(PublicRejection reason, const std::function<void()>& f);

}  // namespace zt::mls::testing
