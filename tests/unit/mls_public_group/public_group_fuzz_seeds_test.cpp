// The seed corpus of fuzz_public_group (tests/fuzz/corpus/public_group):
// real groups' message streams as the view receives them. Each seed must
// drive the view through every message it holds (or all but the forged
// ones); with ZT_PUBLIC_GROUP_SEEDS=<folder> the seeds are written there.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "ds_meeting.h"
#include "public_group_input.h"

namespace zt::mls::testing {
namespace {

using fuzz::Op;

size_t record_count(const Bytes& seed) { return fuzz::split_records(seed).size(); }

void check_seed(const std::string& name, const Bytes& seed, size_t refused) {
  const size_t bundles = [&] {
    size_t n = 0;
    for (const fuzz::Record& r : fuzz::split_records(seed)) n += r.op == Op::kBundle ? 1 : 0;
    return n / 2;
  }();
  EXPECT_EQ(fuzz::drive(seed) + bundles + refused, record_count(seed)) << name;
  if (const char* dir = std::getenv("ZT_PUBLIC_GROUP_SEEDS")) {
    std::ofstream out(std::filesystem::path(dir) / name, std::ios::binary);
    out.write(reinterpret_cast<const char*>(seed.data()),
              static_cast<std::streamsize>(seed.size()));
  }
}

TEST(PublicGroupFuzzSeeds, CreatorGrowsUpdatesRemovesAndExternalJoins) {
  Bytes seed;
  DsMeeting m(4, {}, &seed);
  m.propose(m.at(2).propose_update());
  m.commit(1);
  m.commit(3, {Proposal{Remove{1}}}, {make_bundle("late")});
  m.join_external(make_bundle("guest"));
  check_seed("creator_grows_updates_removes_external", seed, 0);
}

TEST(PublicGroupFuzzSeeds, ReplicaFromGroupInfoWithDeliveryServiceProposals) {
  const ExternalSigner ds_signer;
  DsMeeting m(3, ds_signer.extensions());
  Bytes seed;
  fuzz::append_record(seed, Op::kStart, m.at(1).group_info(true));
  m.record = &seed;
  KeyPackageBundle joiner = make_bundle("batched");
  m.propose(ds_signer.propose(*m.ds, Proposal{Add{joiner.key_package}}));
  m.propose(ds_signer.propose(*m.ds, Proposal{Remove{2}}));
  CommitResult r = m.at(0).commit();
  m.at(0).merge_pending_commit();
  m.record_bundle(r.commit, m.at(0).group_info(true));
  check_seed("replica_ds_proposals", seed, 0);
}

TEST(PublicGroupFuzzSeeds, ForgedThenGenuineCommitAndPublishedGroupInfo) {
  Bytes seed;
  DsMeeting m(3, {}, &seed);
  CommitResult r = m.at(1).commit();
  MlsMessage forged = r.commit;
  std::get<PublicMessage>(forged.message).auth.signature.at(0) ^= 1;
  fuzz::append_record(seed, Op::kHandle, forged);
  fuzz::append_record(seed, Op::kHandle, r.commit);  // a commit alone
  m.at(1).merge_pending_commit();
  m.ds->handle(r.commit);
  fuzz::append_record(seed, Op::kPublish, m.at(1).group_info(true));
  check_seed("forged_then_genuine_publish", seed, 1);
}

}  // namespace
}  // namespace zt::mls::testing
