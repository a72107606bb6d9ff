#include "state_table.h"

#include <string>

#include "interop_error.h"

namespace zt::mls_interop {
namespace {

template <class Map>
auto& find_or_throw(Map& map, uint32_t id, const char* kind) {
  auto it = map.find(id);
  if (it == map.end())
    throw UnknownId("unknown " + std::string(kind) + " id " + std::to_string(id));
  return it->second;
}

}  // namespace

uint32_t StateTable::add_group(GroupState state) {
  uint32_t id = next_id_++;
  groups_.emplace(id, std::move(state));
  return id;
}

uint32_t StateTable::add_transaction(Transaction t) {
  uint32_t id = next_id_++;
  transactions_.emplace(id, std::move(t));
  return id;
}

uint32_t StateTable::add_signer(ExternalSignerState s) {
  uint32_t id = next_id_++;
  signers_.emplace(id, std::move(s));
  return id;
}

uint32_t StateTable::add_reinit(ReInitState s) {
  uint32_t id = next_id_++;
  reinits_.emplace(id, std::move(s));
  return id;
}

GroupState& StateTable::group(uint32_t id) { return find_or_throw(groups_, id, "state"); }
Transaction& StateTable::transaction(uint32_t id) {
  return find_or_throw(transactions_, id, "transaction");
}
ExternalSignerState& StateTable::signer(uint32_t id) {
  return find_or_throw(signers_, id, "signer");
}
ReInitState& StateTable::reinit(uint32_t id) { return find_or_throw(reinits_, id, "reinit"); }

bool StateTable::free(uint32_t id) { return groups_.erase(id) != 0; }

}  // namespace zt::mls_interop
