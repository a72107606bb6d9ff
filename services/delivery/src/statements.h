// Every SQL statement the Delivery Service runs; the names are
// prepared-statement names and metric labels.
#pragma once

#include "zt/pg/pool.h"

namespace zt::delivery::sql {

using zt::pg::Statement;

// ----------------------------------------------------------- KeyPackages
inline constexpr Statement kDropExpiredKeyPackages{
    "ds_drop_expired_key_packages",
    "DELETE FROM ds_key_packages WHERE device_id = $1 AND not_after < $2"};
inline constexpr Statement kDropLastResort{
    "ds_drop_last_resort",
    "DELETE FROM ds_key_packages WHERE device_id = $1 AND cipher_suite = $2 AND last_resort"};
inline constexpr Statement kInsertKeyPackage{
    "ds_insert_key_package",
    "INSERT INTO ds_key_packages (ref, org_id, device_id, cipher_suite, last_resort, not_before, "
    "not_after, "
    "key_package) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (ref) DO NOTHING"};
// Single use: the row is deleted by the claim that locked it; concurrent
// claims skip locked rows instead of waiting for them.
inline constexpr Statement kClaimKeyPackage{
    "ds_claim_key_package",
    "DELETE FROM ds_key_packages WHERE ref = ("
    "  SELECT ref FROM ds_key_packages"
    "  WHERE org_id = $1 AND device_id = $2 AND cipher_suite = $3 AND NOT last_resort"
    "    AND not_before <= $4 AND not_after >= $4"
    "  ORDER BY uploaded_at, ref LIMIT 1 FOR UPDATE SKIP LOCKED"
    ") RETURNING ref, key_package"};
inline constexpr Statement kGetLastResort{
    "ds_get_last_resort",
    "SELECT ref, key_package FROM ds_key_packages"
    " WHERE org_id = $1 AND device_id = $2 AND cipher_suite = $3 AND last_resort"
    "   AND not_before <= $4 AND not_after >= $4"};
inline constexpr Statement kCountKeyPackages{
    "ds_count_key_packages",
    "SELECT count(*) FILTER (WHERE NOT last_resort), bool_or(last_resort) FROM ds_key_packages"
    " WHERE org_id = $1 AND device_id = $2 AND cipher_suite = $3 AND not_before <= $4 AND "
    "not_after >= $4"};

// ----------------------------------------------------------------- Groups
inline constexpr Statement kInsertGroup{"ds_insert_group",
                                        "INSERT INTO ds_groups (group_id, cipher_suite, "
                                        "meeting_type, kind, org_id, host_device_id, host_user_id, "
                                        "meeting_number, group_info) VALUES ($1, $2, $3, $4, $5, "
                                        "$6, $7, $8, $9) ON CONFLICT DO NOTHING"};
inline constexpr Statement kGroupExists{"ds_group_exists",
                                        "SELECT 1 FROM ds_groups WHERE group_id = $1"};
inline constexpr Statement kInsertMember{
    "ds_insert_member",
    "INSERT INTO ds_group_members (group_id, device_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"};
inline constexpr Statement kDeleteMember{
    "ds_delete_member", "DELETE FROM ds_group_members WHERE group_id = $1 AND device_id = $2"};
inline constexpr Statement kIsMember{
    "ds_is_member", "SELECT 1 FROM ds_group_members WHERE group_id = $1 AND device_id = $2"};
#define ZT_DS_GROUP_COLUMNS                                                            \
  "group_id, cipher_suite, meeting_type, kind, org_id, host_device_id, host_user_id, " \
  "meeting_number, epoch, "                                                            \
  "last_seq, group_info"
inline constexpr Statement kGetGroup{
    "ds_get_group", "SELECT " ZT_DS_GROUP_COLUMNS " FROM ds_groups WHERE group_id = $1"};
inline constexpr Statement kGetMeeting{
    "ds_get_meeting", "SELECT " ZT_DS_GROUP_COLUMNS " FROM ds_groups WHERE meeting_number = $1"};
#undef ZT_DS_GROUP_COLUMNS

// -------------------------------------------------------------------- Log
// The group row's lock orders appends: seq = last_seq + 1, no gaps.
inline constexpr Statement kNextSequence{
    "ds_next_sequence",
    "UPDATE ds_groups SET last_seq = last_seq + 1 WHERE group_id = $1 RETURNING last_seq"};
// A commit wins only if the group is still at its epoch.
inline constexpr Statement kAdvanceEpoch{"ds_advance_epoch",
                                         "UPDATE ds_groups SET last_seq = last_seq + 1, epoch = "
                                         "epoch + 1, group_info = COALESCE($3, group_info)"
                                         " WHERE group_id = $1 AND epoch = $2 RETURNING last_seq"};
inline constexpr Statement kGetEpoch{"ds_get_epoch",
                                     "SELECT epoch FROM ds_groups WHERE group_id = $1"};
inline constexpr Statement kFindCommit{
    "ds_find_commit",
    "SELECT seq, digest FROM ds_messages WHERE group_id = $1 AND epoch = $2 AND kind = 1"};
inline constexpr Statement kInsertMessage{
    "ds_insert_message",
    "INSERT INTO ds_messages (group_id, seq, epoch, kind, sender_device_id, message, digest)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7)"};
inline constexpr Statement kInsertWelcome{
    "ds_insert_welcome", "INSERT INTO ds_welcomes (group_id, seq, welcome) VALUES ($1, $2, $3)"};
inline constexpr Statement kReadLog{
    "ds_read_log",
    "SELECT seq, epoch, kind, sender_device_id, message FROM ds_messages"
    " WHERE group_id = $1 AND seq > $2 ORDER BY seq LIMIT $3"};

// ---------------------------------------------------------------- Joining
// A proposal is for one epoch: it goes in only while the group is there.
inline constexpr Statement kNextSequenceAtEpoch{
    "ds_next_sequence_at_epoch",
    "UPDATE ds_groups SET last_seq = last_seq + 1 WHERE group_id = $1 AND epoch = $2"
    " RETURNING last_seq"};
inline constexpr Statement kReadProposals{
    "ds_read_proposals",
    "SELECT seq, epoch, kind, sender_device_id, message FROM ds_messages"
    " WHERE group_id = $1 AND epoch = $2 AND kind = 2 AND seq > $3 ORDER BY seq"};
inline constexpr Statement kInsertWelcomeRecipient{
    "ds_insert_welcome_recipient",
    "INSERT INTO ds_welcome_recipients (group_id, seq, device_id, key_package_ref)"
    " VALUES ($1, $2, $3, $4)"};
inline constexpr Statement kReadWelcomes{
    "ds_read_welcomes",
    "SELECT r.id, r.group_id, r.seq, r.key_package_ref, w.welcome FROM ds_welcome_recipients r"
    " JOIN ds_welcomes w ON w.group_id = r.group_id AND w.seq = r.seq"
    " WHERE r.device_id = $1 AND r.id > $2 ORDER BY r.id LIMIT $3"};

inline constexpr Statement kPutJoinRequest{
    "ds_put_join_request",
    "INSERT INTO ds_join_requests (group_id, device_id, kind, key_package) VALUES ($1, $2, $3, $4)"
    " ON CONFLICT (group_id, device_id) DO UPDATE SET kind = EXCLUDED.kind,"
    " key_package = EXCLUDED.key_package, proposed_epoch = NULL, proposal_seq = NULL,"
    " requested_at = now()"};
inline constexpr Statement kJoinRequests{
    "ds_join_requests",
    "SELECT device_id, kind, key_package, proposed_epoch, proposal_seq FROM ds_join_requests"
    " WHERE group_id = $1 ORDER BY requested_at, device_id"};
inline constexpr Statement kClaimProposal{
    "ds_claim_proposal",
    "UPDATE ds_join_requests SET proposed_epoch = $3, proposal_seq = NULL"
    " WHERE group_id = $1 AND device_id = $2 AND (proposed_epoch IS NULL OR proposed_epoch < $3)"
    " RETURNING 1"};
inline constexpr Statement kSetProposalSeq{
    "ds_set_proposal_seq",
    "UPDATE ds_join_requests SET proposal_seq = $3 WHERE group_id = $1 AND device_id = $2"};
inline constexpr Statement kDeleteJoinRequest{
    "ds_delete_join_request",
    "DELETE FROM ds_join_requests WHERE group_id = $1 AND device_id = $2"};
inline constexpr Statement kPendingFor{
    "ds_pending_for",
    "SELECT (extract(epoch FROM now() - min(accepted_at)) * 1000)::bigint FROM ds_messages"
    " WHERE group_id = $1 AND epoch = $2 AND kind = 2"};

}  // namespace zt::delivery::sql
