// Writes a STUN message into a caller-provided buffer, attribute by
// attribute. No allocation; every append checks the room left and turns the
// builder into a failed state instead of overrunning.
#pragma once

#include <cstdint>
#include <string_view>

#include "zt/base/bytes.h"
#include "zt/stun/integrity.h"
#include "zt/stun/message.h"

namespace zt::stun {

class MessageBuilder {
 public:
  MessageBuilder(MutableBytesView out, uint16_t type, const TransactionId& transaction_id);

  MessageBuilder& add_username(std::string_view username);
  MessageBuilder& add_xor_mapped_address(const Address& address);
  MessageBuilder& add_priority(uint32_t priority);
  MessageBuilder& add_use_candidate();
  MessageBuilder& add_ice_controlling(uint64_t tie_breaker);
  MessageBuilder& add_ice_controlled(uint64_t tie_breaker);
  MessageBuilder& add_error_code(uint16_t code, std::string_view reason);
  // MESSAGE-INTEGRITY keyed with `key`; only FINGERPRINT may follow.
  MessageBuilder& add_integrity(IntegrityKey& key);
  MessageBuilder& add_fingerprint();

  bool ok() const { return ok_; }
  // The finished message, or an empty view if it did not fit.
  BytesView bytes() const;

 private:
  uint8_t* reserve(Attr type, size_t value_size);
  MessageBuilder& add_tie_breaker(Attr type, uint64_t tie_breaker);  // ICE-CONTROLLING / -CONTROLLED
  void set_length(size_t body);

  MutableBytesView out_;
  size_t size_ = 0;
  bool ok_ = true;
};

}  // namespace zt::stun
