// The input of fuzz_public_group and the driver both the fuzz target and
// its seed test run: records of [op u8][length u16 big-endian][MLSMessage].
// The first record starts the view (kStart: from_group_info, kCreate:
// create); every later one is handled as its op says (kBundle takes the
// next record as the commit's GroupInfo).
//
// Properties checked (abort on violation): only PublicGroupError escapes;
// a refused message leaves the view unchanged; after an accepted message
// the tree hashes to the context's tree_hash.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <vector>

#include "zt/mls/public_group.h"

namespace zt::mls::fuzz {

enum class Op : uint8_t { kStart = 0, kCreate = 1, kHandle = 2, kPublish = 3, kBundle = 4 };

struct Record {
  Op op = Op::kHandle;
  BytesView bytes;
};

inline std::vector<Record> split_records(BytesView in) {
  std::vector<Record> out;
  while (in.size() >= 3) {
    const size_t length = (size_t{in[1]} << 8) | in[2];
    const auto op = static_cast<Op>(in[0] % 5);
    in = in.subspan(3);
    if (length > in.size()) break;
    out.push_back({op, in.subspan(0, length)});
    in = in.subspan(length);
  }
  return out;
}

inline void append_record(Bytes& out, Op op, const MlsMessage& message) {
  const Bytes bytes = encode(message);
  out.push_back(static_cast<uint8_t>(op));
  out.push_back(static_cast<uint8_t>(bytes.size() >> 8));
  out.push_back(static_cast<uint8_t>(bytes.size()));
  out.insert(out.end(), bytes.begin(), bytes.end());
}

// What a refused message must leave as it was.
inline Bytes view_state(const PublicGroup& g) {
  Bytes s = encode(g.context());
  encode_to(s, g.tree().to_wire());
  s.insert(s.end(), g.interim_transcript_hash().begin(), g.interim_transcript_hash().end());
  s.insert(s.end(), g.confirmation_tag().begin(), g.confirmation_tag().end());
  s.push_back(static_cast<uint8_t>(g.pending_proposal_count()));
  if (g.published_group_info()) encode_to(s, *g.published_group_info());
  return s;
}

// Runs the records; returns how many were accepted (the start included).
inline size_t drive(BytesView input) {
  const std::vector<Record> records = split_records(input);
  if (records.empty()) return 0;
  auto message = [](const Record& r) { return decode<MlsMessage>(r.bytes); };
  std::optional<PublicGroup> view;
  auto first = message(records[0]);
  if (!first) return 0;
  try {
    view.emplace(records[0].op == Op::kCreate ? PublicGroup::create(*first)
                                              : PublicGroup::from_group_info(*first));
  } catch (const PublicGroupError&) {
    return 0;
  }
  size_t accepted = 1;
  for (size_t i = 1; i < records.size(); ++i) {
    auto m = message(records[i]);
    if (!m) continue;
    std::optional<MlsMessage> info;
    if (records[i].op == Op::kBundle && i + 1 < records.size()) {
      auto next = message(records[++i]);
      if (next) info = std::move(*next);
    }
    const Bytes before = view_state(*view);
    try {
      if (records[i].op == Op::kPublish) {
        view->publish_group_info(*m);
      } else if (info) {
        view->handle_commit(*m, *info);
      } else {
        view->handle(*m);
      }
      ++accepted;
      if (view->tree().tree_hash() != view->context().tree_hash) std::abort();
    } catch (const PublicGroupError&) {
      if (view_state(*view) != before) std::abort();
    }
  }
  return accepted;
}

}  // namespace zt::mls::fuzz
