#include "pg_store.h"

#include "statements.h"

namespace zt::delivery {
namespace {

pqxx::binarystring bin(BytesView b) { return pqxx::binarystring(b.data(), b.size()); }

Bytes bytes_of(const pqxx::field& f) {
  pqxx::binarystring b(f);
  return Bytes(b.data(), b.data() + b.size());
}

int64_t to_db(uint64_t v) { return static_cast<int64_t>(v); }

GroupRecord group_of(const pqxx::row& r) {
  GroupRecord g;
  g.group_id = bytes_of(r[0]);
  g.cipher_suite = static_cast<uint16_t>(r[1].as<int>());
  g.type = static_cast<MeetingType>(r[2].as<int16_t>());
  g.kind = static_cast<GroupKind>(r[3].as<int16_t>());
  g.org_id = r[4].as<std::string>();
  g.host_device_id = r[5].as<std::string>();
  g.host_user_id = r[6].as<std::string>();
  if (!r[7].is_null()) g.meeting_number = static_cast<uint64_t>(r[7].as<int64_t>());
  g.epoch = static_cast<uint64_t>(r[8].as<int64_t>());
  g.last_sequence = static_cast<uint64_t>(r[9].as<int64_t>());
  if (!r[10].is_null()) g.group_info = bytes_of(r[10]);
  return g;
}

}  // namespace

std::vector<pg::Statement> PgStore::statements() {
  using namespace sql;
  return {kDropExpiredKeyPackages,
          kDropLastResort,
          kInsertKeyPackage,
          kClaimKeyPackage,
          kGetLastResort,
          kCountKeyPackages,
          kInsertGroup,
          kGroupExists,
          kInsertMember,
          kDeleteMember,
          kIsMember,
          kGetGroup,
          kGetMeeting,
          kNextSequence,
          kAdvanceEpoch,
          kGetEpoch,
          kFindCommit,
          kInsertMessage,
          kInsertWelcome,
          kReadLog,
          kNextSequenceAtEpoch,
          kReadProposals,
          kInsertWelcomeRecipient,
          kReadWelcomes,
          kPutJoinRequest,
          kJoinRequests,
          kClaimProposal,
          kSetProposalSeq,
          kDeleteJoinRequest,
          kPendingFor};
}

void PgStore::add_key_packages(const KeyPackageOwner& owner,
                               const std::vector<StoredKeyPackage>& packages, int64_t now) {
  pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    tx.exec_prepared(sql::kDropExpiredKeyPackages.name, owner.device_id, now);
    for (const auto& p : packages) {
      if (p.last_resort)
        tx.exec_prepared(sql::kDropLastResort.name, owner.device_id, int{owner.cipher_suite});
    }
    for (const auto& p : packages) {
      tx.exec_prepared(sql::kInsertKeyPackage.name, bin(p.ref), owner.org_id, owner.device_id,
                       int{owner.cipher_suite}, p.last_resort, p.not_before, p.not_after,
                       bin(p.key_package));
    }
    tx.commit();
  });
}

std::optional<ClaimedKeyPackage> PgStore::claim_key_package(const KeyPackageOwner& owner,
                                                            int64_t now) {
  return pool_.run([&](pqxx::connection& c) -> std::optional<ClaimedKeyPackage> {
    pqxx::work tx(c);
    auto r = tx.exec_prepared(sql::kClaimKeyPackage.name, owner.org_id, owner.device_id,
                              int{owner.cipher_suite}, now);
    bool last_resort = false;
    if (r.empty()) {
      r = tx.exec_prepared(sql::kGetLastResort.name, owner.org_id, owner.device_id,
                           int{owner.cipher_suite}, now);
      last_resort = true;
    }
    tx.commit();
    if (r.empty()) return std::nullopt;
    return ClaimedKeyPackage{bytes_of(r[0][0]), bytes_of(r[0][1]), last_resort};
  });
}

KeyPackageCount PgStore::count_key_packages(const KeyPackageOwner& owner, int64_t now) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    auto r = tx.exec_prepared(sql::kCountKeyPackages.name, owner.org_id, owner.device_id,
                              int{owner.cipher_suite}, now);
    KeyPackageCount count;
    count.available = static_cast<uint32_t>(r[0][0].as<int64_t>());
    count.has_last_resort = !r[0][1].is_null() && r[0][1].as<bool>();
    return count;
  });
}

CreateOutcome PgStore::create_group(const GroupRecord& g) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    auto insert = [&](auto number, auto info) {
      return tx.exec_prepared(sql::kInsertGroup.name, bin(g.group_id), int{g.cipher_suite},
                              static_cast<int>(g.type), static_cast<int>(g.kind), g.org_id,
                              g.host_device_id, g.host_user_id, number, info);
    };
    auto with_info = [&](auto number) {
      return g.group_info.empty() ? insert(number, nullptr) : insert(number, bin(g.group_info));
    };
    pqxx::result r = g.meeting_number ? with_info(to_db(*g.meeting_number)) : with_info(nullptr);
    if (r.affected_rows() == 0) {
      bool exists = !tx.exec_prepared(sql::kGroupExists.name, bin(g.group_id)).empty();
      return exists ? CreateOutcome::kGroupExists : CreateOutcome::kNumberTaken;
    }
    tx.exec_prepared(sql::kInsertMember.name, bin(g.group_id), g.host_device_id);
    tx.commit();
    return CreateOutcome::kCreated;
  });
}

std::optional<GroupRecord> PgStore::find_group(BytesView group_id) {
  return pool_.run([&](pqxx::connection& c) -> std::optional<GroupRecord> {
    pqxx::read_transaction tx(c);
    auto r = tx.exec_prepared(sql::kGetGroup.name, bin(group_id));
    if (r.empty()) return std::nullopt;
    return group_of(r[0]);
  });
}

std::optional<GroupRecord> PgStore::find_meeting(uint64_t meeting_number) {
  return pool_.run([&](pqxx::connection& c) -> std::optional<GroupRecord> {
    pqxx::read_transaction tx(c);
    auto r = tx.exec_prepared(sql::kGetMeeting.name, to_db(meeting_number));
    if (r.empty()) return std::nullopt;
    return group_of(r[0]);
  });
}

bool PgStore::is_member(BytesView group_id, const std::string& device_id) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    return !tx.exec_prepared(sql::kIsMember.name, bin(group_id), device_id).empty();
  });
}

std::optional<uint64_t> PgStore::append_message(BytesView group_id, uint64_t epoch,
                                                MessageKind kind,
                                                const std::string& sender_device_id,
                                                BytesView message) {
  return pool_.run([&](pqxx::connection& c) -> std::optional<uint64_t> {
    pqxx::work tx(c);
    auto r = tx.exec_prepared(sql::kNextSequence.name, bin(group_id));
    if (r.empty()) return std::nullopt;
    int64_t seq = r[0][0].as<int64_t>();
    tx.exec_prepared(sql::kInsertMessage.name, bin(group_id), seq, to_db(epoch),
                     static_cast<int>(kind), sender_device_id, bin(message), nullptr);
    tx.commit();
    return static_cast<uint64_t>(seq);
  });
}

CommitOutcome PgStore::append_commit(const CommitRecord& commit) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    using Result = CommitOutcome::Result;
    pqxx::result won = commit.group_info.empty()
                           ? tx.exec_prepared(sql::kAdvanceEpoch.name, bin(commit.group_id),
                                              to_db(commit.epoch), nullptr)
                           : tx.exec_prepared(sql::kAdvanceEpoch.name, bin(commit.group_id),
                                              to_db(commit.epoch), bin(commit.group_info));
    if (won.empty()) {
      auto epoch = tx.exec_prepared(sql::kGetEpoch.name, bin(commit.group_id));
      if (epoch.empty()) return CommitOutcome{Result::kNoGroup, 0, 0};
      uint64_t current = static_cast<uint64_t>(epoch[0][0].as<int64_t>());
      auto earlier =
          tx.exec_prepared(sql::kFindCommit.name, bin(commit.group_id), to_db(commit.epoch));
      if (!earlier.empty() && bytes_of(earlier[0][1]) == commit.digest) {
        return CommitOutcome{Result::kDuplicate, static_cast<uint64_t>(earlier[0][0].as<int64_t>()),
                             current};
      }
      return CommitOutcome{Result::kStale, 0, current};
    }
    int64_t seq = won[0][0].as<int64_t>();
    tx.exec_prepared(sql::kInsertMessage.name, bin(commit.group_id), seq, to_db(commit.epoch),
                     static_cast<int>(MessageKind::kCommit), commit.sender_device_id,
                     bin(commit.commit), bin(commit.digest));
    if (!commit.welcome.empty()) {
      tx.exec_prepared(sql::kInsertWelcome.name, bin(commit.group_id), seq, bin(commit.welcome));
      for (const auto& r : commit.welcome_to)
        tx.exec_prepared(sql::kInsertWelcomeRecipient.name, bin(commit.group_id), seq, r.device_id,
                         bin(r.key_package_ref));
    }
    for (const auto& d : commit.devices_added)
      tx.exec_prepared(sql::kInsertMember.name, bin(commit.group_id), d);
    for (const auto& d : commit.devices_removed)
      tx.exec_prepared(sql::kDeleteMember.name, bin(commit.group_id), d);
    tx.commit();
    return CommitOutcome{Result::kAccepted, static_cast<uint64_t>(seq), commit.epoch + 1};
  });
}

std::optional<StoredCommit> PgStore::find_commit(BytesView group_id, uint64_t epoch) {
  return pool_.run([&](pqxx::connection& c) -> std::optional<StoredCommit> {
    pqxx::read_transaction tx(c);
    auto r = tx.exec_prepared(sql::kFindCommit.name, bin(group_id), to_db(epoch));
    if (r.empty()) return std::nullopt;
    return StoredCommit{static_cast<uint64_t>(r[0][0].as<int64_t>()), bytes_of(r[0][1])};
  });
}

namespace {

LogEntry log_entry_of(const pqxx::row& row) {
  return {static_cast<uint64_t>(row[0].as<int64_t>()), static_cast<uint64_t>(row[1].as<int64_t>()),
          static_cast<MessageKind>(row[2].as<int16_t>()), row[3].as<std::string>(),
          bytes_of(row[4])};
}

}  // namespace

std::vector<LogEntry> PgStore::read_log(BytesView group_id, uint64_t after, uint32_t limit) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    std::vector<LogEntry> out;
    for (const auto& row : tx.exec_prepared(sql::kReadLog.name, bin(group_id), to_db(after),
                                            static_cast<int64_t>(limit))) {
      out.push_back(log_entry_of(row));
    }
    return out;
  });
}

CommitOutcome PgStore::append_proposal(BytesView group_id, uint64_t epoch,
                                       const std::string& sender_device_id, BytesView proposal) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    using Result = CommitOutcome::Result;
    auto r = tx.exec_prepared(sql::kNextSequenceAtEpoch.name, bin(group_id), to_db(epoch));
    if (r.empty()) {
      auto current = tx.exec_prepared(sql::kGetEpoch.name, bin(group_id));
      if (current.empty()) return CommitOutcome{Result::kNoGroup, 0, 0};
      return CommitOutcome{Result::kStale, 0, static_cast<uint64_t>(current[0][0].as<int64_t>())};
    }
    int64_t seq = r[0][0].as<int64_t>();
    tx.exec_prepared(sql::kInsertMessage.name, bin(group_id), seq, to_db(epoch),
                     static_cast<int>(MessageKind::kProposal), sender_device_id, bin(proposal),
                     nullptr);
    tx.commit();
    return CommitOutcome{Result::kAccepted, static_cast<uint64_t>(seq), epoch};
  });
}

std::vector<LogEntry> PgStore::read_proposals(BytesView group_id, uint64_t epoch, uint64_t after) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    std::vector<LogEntry> out;
    for (const auto& row :
         tx.exec_prepared(sql::kReadProposals.name, bin(group_id), to_db(epoch), to_db(after))) {
      out.push_back(log_entry_of(row));
    }
    return out;
  });
}

std::vector<StoredWelcome> PgStore::read_welcomes(const std::string& device_id, uint64_t after,
                                                  uint32_t limit) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    std::vector<StoredWelcome> out;
    for (const auto& row : tx.exec_prepared(sql::kReadWelcomes.name, device_id, to_db(after),
                                            static_cast<int64_t>(limit))) {
      out.push_back({static_cast<uint64_t>(row[0].as<int64_t>()), bytes_of(row[1]),
                     static_cast<uint64_t>(row[2].as<int64_t>()), bytes_of(row[3]),
                     bytes_of(row[4])});
    }
    return out;
  });
}

void PgStore::put_join_request(const JoinRequest& r) {
  pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    if (r.key_package.empty()) {
      tx.exec_prepared(sql::kPutJoinRequest.name, bin(r.group_id), r.device_id,
                       static_cast<int>(r.kind), nullptr);
    } else {
      tx.exec_prepared(sql::kPutJoinRequest.name, bin(r.group_id), r.device_id,
                       static_cast<int>(r.kind), bin(r.key_package));
    }
    tx.commit();
  });
}

std::vector<JoinRequest> PgStore::join_requests(BytesView group_id) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    std::vector<JoinRequest> out;
    for (const auto& row : tx.exec_prepared(sql::kJoinRequests.name, bin(group_id))) {
      JoinRequest r;
      r.group_id.assign(group_id.begin(), group_id.end());
      r.device_id = row[0].as<std::string>();
      r.kind = static_cast<JoinKind>(row[1].as<int16_t>());
      if (!row[2].is_null()) r.key_package = bytes_of(row[2]);
      if (!row[3].is_null()) r.proposed_epoch = static_cast<uint64_t>(row[3].as<int64_t>());
      if (!row[4].is_null()) r.proposal_sequence = static_cast<uint64_t>(row[4].as<int64_t>());
      out.push_back(std::move(r));
    }
    return out;
  });
}

bool PgStore::claim_proposal(BytesView group_id, const std::string& device_id, uint64_t epoch) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    auto r = tx.exec_prepared(sql::kClaimProposal.name, bin(group_id), device_id, to_db(epoch));
    tx.commit();
    return !r.empty();
  });
}

void PgStore::set_proposal_sequence(BytesView group_id, const std::string& device_id,
                                    uint64_t sequence) {
  pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    tx.exec_prepared(sql::kSetProposalSeq.name, bin(group_id), device_id, to_db(sequence));
    tx.commit();
  });
}

void PgStore::delete_join_request(BytesView group_id, const std::string& device_id) {
  pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    tx.exec_prepared(sql::kDeleteJoinRequest.name, bin(group_id), device_id);
    tx.commit();
  });
}

std::optional<int64_t> PgStore::pending_for_ms(BytesView group_id, uint64_t epoch) {
  return pool_.run([&](pqxx::connection& c) -> std::optional<int64_t> {
    pqxx::read_transaction tx(c);
    auto r = tx.exec_prepared(sql::kPendingFor.name, bin(group_id), to_db(epoch));
    if (r.empty() || r[0][0].is_null()) return std::nullopt;
    return r[0][0].as<int64_t>();
  });
}

}  // namespace zt::delivery
