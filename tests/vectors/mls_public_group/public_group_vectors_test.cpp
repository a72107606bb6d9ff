// The public view (PublicGroup) against the passive-client vectors
// ($ZT_VECTORS_DIR/mls/passive-client-{welcome,handling-commit,random}.json),
// one case per vector: a view started from the passive client's GroupInfo
// (without the tree extension plus the vector's tree when the vector gives
// one) takes every epoch's proposals and commit; after each epoch its tree,
// tree hash and GroupContext equal those of the passive client, whose epoch
// authenticator matches the vector's.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "zt/crypto/secret_bytes.h"
#include "zt/mls/public_group.h"
#include "zt/mls_vectors/passive_client.h"
#include "zt/mls_vectors/registry.h"

namespace zt::mls_vectors {
namespace {

constexpr const char* kFiles[] = {"passive-client-welcome", "passive-client-handling-commit",
                                  "passive-client-random"};

struct VectorCase {
  std::string file;
  size_t index = 0;
  std::string problem;  // set when the file could not be loaded
};

void PrintTo(const VectorCase& c, std::ostream* os) { *os << c.file << "[" << c.index << "]"; }

std::map<std::string, nlohmann::json>& files() {
  static std::map<std::string, nlohmann::json> loaded;
  return loaded;
}

std::vector<VectorCase> all_cases() {
  std::vector<VectorCase> cases;
  const char* dir = std::getenv("ZT_VECTORS_DIR");
  for (const char* file : kFiles) {
    if (dir == nullptr || *dir == '\0') {
      cases.push_back({file, 0, "ZT_VECTORS_DIR is not set (ctest sets it; or export it)"});
      continue;
    }
    const auto path = std::filesystem::path(dir) / "mls" / (std::string(file) + ".json");
    try {
      nlohmann::json& doc = files()[file];
      if (doc.is_null()) doc = load_vector_file(path);
      if (doc.empty()) cases.push_back({file, 0, path.string() + " holds no vectors"});
      for (size_t i = 0; i < doc.size(); ++i) cases.push_back({file, i, {}});
    } catch (const std::exception& e) {
      cases.push_back({file, 0, e.what()});
    }
  }
  return cases;
}

std::string case_name(const testing::TestParamInfo<VectorCase>& info) {
  std::string name = info.param.file;
  for (char& c : name) {
    if (c == '-') c = '_';
  }
  return name + "_" + (info.param.problem.empty() ? std::to_string(info.param.index) : "load");
}

// The view and the member agree on the tree, its hash and the context.
testing::AssertionResult same_state(const mls::PublicGroup& view, const mls::Group& member) {
  if (view.tree().tree_hash() != member.tree().tree_hash())
    return testing::AssertionFailure() << "tree hash differs";
  if (!(view.tree().to_wire() == member.tree().to_wire()))
    return testing::AssertionFailure() << "tree differs";
  if (!(view.context() == member.context()))
    return testing::AssertionFailure() << "group context differs";
  return testing::AssertionSuccess();
}

mls::PublicGroup view_of(const mls::Group& member, const nlohmann::json& v) {
  if (v.at("ratchet_tree").is_null())
    return mls::PublicGroup::from_group_info(member.group_info(true));
  auto tree = mls::decode<mls::RatchetTree>(from_hex(v.at("ratchet_tree").get<std::string>()));
  if (!tree) throw std::runtime_error("ratchet_tree does not decode");
  return mls::PublicGroup::from_group_info(member.group_info(false), *tree);
}

class PublicGroupVectorTest : public testing::TestWithParam<VectorCase> {};

TEST_P(PublicGroupVectorTest, TreeAndContextMatchAfterEveryEpoch) {
  const VectorCase& c = GetParam();
  ASSERT_TRUE(c.problem.empty()) << c.problem;
  const nlohmann::json& v = files().at(c.file).at(c.index);
  mls::Group member = join_passive_client(v);
  mls::PublicGroup view = view_of(member, v);
  ASSERT_TRUE(same_state(view, member)) << "after the Welcome";
  size_t n = 0;
  for (const auto& epoch : v.at("epochs")) {
    SCOPED_TRACE("epoch " + std::to_string(n++));
    for (const auto& p : epoch.at("proposals")) {
      const mls::MlsMessage proposal = vector_message(p);
      view.handle(proposal);
      member.handle(proposal);
    }
    const mls::MlsMessage commit = vector_message(epoch.at("commit"));
    ASSERT_TRUE(std::holds_alternative<mls::PublicCommit>(view.handle(commit)));
    member.handle(commit);
    ASSERT_TRUE(
        crypto::constant_time_equal(member.epoch_authenticator(),
                                    from_hex(epoch.at("epoch_authenticator").get<std::string>())));
    ASSERT_TRUE(same_state(view, member));
  }
}

INSTANTIATE_TEST_SUITE_P(PassiveClient, PublicGroupVectorTest, testing::ValuesIn(all_cases()),
                         case_name);

}  // namespace
}  // namespace zt::mls_vectors
