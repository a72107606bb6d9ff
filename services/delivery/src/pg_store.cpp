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
          kReadLog};
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
    if (!commit.welcome.empty())
      tx.exec_prepared(sql::kInsertWelcome.name, bin(commit.group_id), seq, bin(commit.welcome));
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

std::vector<LogEntry> PgStore::read_log(BytesView group_id, uint64_t after, uint32_t limit) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    std::vector<LogEntry> out;
    for (const auto& row : tx.exec_prepared(sql::kReadLog.name, bin(group_id), to_db(after),
                                            static_cast<int64_t>(limit))) {
      out.push_back({static_cast<uint64_t>(row[0].as<int64_t>()),
                     static_cast<uint64_t>(row[1].as<int64_t>()),
                     static_cast<MessageKind>(row[2].as<int16_t>()), row[3].as<std::string>(),
                     bytes_of(row[4])});
    }
    return out;
  });
}

}  // namespace zt::delivery
