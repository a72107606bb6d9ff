// The Store on PostgreSQL (SQL in statements.h). The group row's lock
// serialises a group's appends: sequence numbers without gaps, and exactly
// one commit per epoch (the partial unique index backs it up).
#pragma once

#include <vector>

#include "store.h"
#include "zt/pg/pool.h"

namespace zt::delivery {

class PgStore final : public Store {
 public:
  explicit PgStore(pg::Pool& pool) : pool_(pool) {}

  // The statements PgStore uses; pass to Pool::add_statement.
  static std::vector<pg::Statement> statements();

  void add_key_packages(const KeyPackageOwner& owner, const std::vector<StoredKeyPackage>& packages,
                        int64_t now) override;
  std::optional<ClaimedKeyPackage> claim_key_package(const KeyPackageOwner& owner,
                                                     int64_t now) override;
  KeyPackageCount count_key_packages(const KeyPackageOwner& owner, int64_t now) override;

  CreateOutcome create_group(const GroupRecord& group) override;
  std::optional<GroupRecord> find_group(BytesView group_id) override;
  std::optional<GroupRecord> find_meeting(uint64_t meeting_number) override;
  bool is_member(BytesView group_id, const std::string& device_id) override;

  std::optional<uint64_t> append_message(BytesView group_id, uint64_t epoch, MessageKind kind,
                                         const std::string& sender_device_id,
                                         BytesView message) override;
  CommitOutcome append_commit(const CommitRecord& commit) override;
  std::optional<StoredCommit> find_commit(BytesView group_id, uint64_t epoch) override;
  std::vector<LogEntry> read_log(BytesView group_id, uint64_t after, uint32_t limit) override;

  CommitOutcome append_proposal(BytesView group_id, uint64_t epoch,
                                const std::string& sender_device_id, BytesView proposal) override;
  std::vector<LogEntry> read_proposals(BytesView group_id, uint64_t epoch,
                                       uint64_t after) override;
  void put_join_request(const JoinRequest& request) override;
  std::vector<JoinRequest> join_requests(BytesView group_id) override;
  bool claim_proposal(BytesView group_id, const std::string& device_id, uint64_t epoch) override;
  void set_proposal_sequence(BytesView group_id, const std::string& device_id,
                             uint64_t sequence) override;
  void delete_join_request(BytesView group_id, const std::string& device_id) override;
  std::optional<int64_t> pending_for_ms(BytesView group_id, uint64_t epoch) override;
  std::vector<StoredWelcome> read_welcomes(const std::string& device_id, uint64_t after,
                                           uint32_t limit) override;

 private:
  pg::Pool& pool_;
};

}  // namespace zt::delivery
