#include "zt/sframe/mls_key_manager.h"

#include "zt/sframe/header.h"

namespace zt::sframe {

MlsKeyManager::MlsKeyManager(MlsKeyConfig config)
    : config_(config),
      clock_(config.clock != nullptr ? *config.clock : SystemClock::instance()),
      slots_(size_t{1} << (config.epoch_bits <= kMaxEpochBits ? config.epoch_bits : 0)) {}

std::optional<uint64_t> MlsKeyManager::current_epoch() const {
  if (!current_) return std::nullopt;
  return slots_[*current_]->number;
}

bool MlsKeyManager::expired(const Epoch& e) const {
  return e.retired_at && clock_.steady_now() - *e.retired_at > config_.grace_period;
}

Expected<void, SFrameError> MlsKeyManager::add_epoch(uint64_t epoch, uint64_t group_size,
                                                     uint64_t own_index,
                                                     const SecretExporter& exporter) {
  auto params = suite_params(config_.suite);
  if (!params) return unexpected(params.error());
  if (config_.epoch_bits > kMaxEpochBits || own_index >= group_size) {
    return unexpected(SFrameError::kInvalidArgument);
  }
  if (current_ && epoch <= slots_[*current_]->number) {
    return unexpected(SFrameError::kInvalidArgument);
  }
  KidLayout layout(KidLayout::sender_bits_for(group_size), config_.epoch_bits);
  if (layout.sender_bits() + layout.epoch_bits() > 64) {
    return unexpected(SFrameError::kInvalidArgument);
  }
  crypto::SecretBytes base_key = exporter(kBaseKeyLabel, {}, params->nk);
  if (base_key.size() != params->nk) return unexpected(SFrameError::kInvalidKey);

  auto now = clock_.steady_now();
  if (current_) slots_[*current_]->retired_at = now;
  for (auto& slot : slots_) {
    if (slot && expired(*slot)) slot.reset();
  }
  size_t index = static_cast<size_t>(epoch & (slots_.size() - 1));
  // Replaces (drops) any older epoch with the same low E bits.
  slots_[index].emplace();
  Epoch& e = *slots_[index];
  e.number = epoch;
  e.group_size = group_size;
  e.own_index = own_index;
  e.layout = layout;
  e.base_key = std::move(base_key);
  current_ = index;
  return {};
}

Expected<uint64_t, SFrameError> MlsKeyManager::own_kid(uint64_t context) const {
  if (!current_) return unexpected(SFrameError::kNoCurrentEpoch);
  const Epoch& e = *slots_[*current_];
  return e.layout.make(context, e.own_index, e.number);
}

Expected<size_t, SFrameError> MlsKeyManager::protect(uint64_t context, BytesView plaintext,
                                                     BytesView metadata, MutableBytesView out) {
  auto kid = own_kid(context);
  if (!kid) return unexpected(kid.error());
  Epoch& e = *slots_[*current_];
  auto it = e.keys.find(*kid);
  if (it == e.keys.end()) {
    auto key = KeyContext::create(config_.suite, *kid, e.base_key.reveal(), KeyUsage::kEncrypt);
    if (!key) return unexpected(key.error());
    it = e.keys.emplace(*kid, std::move(*key)).first;
  }
  return it->second.protect(plaintext, metadata, out);
}

MlsKeyManager::Epoch* MlsKeyManager::epoch_for_kid(uint64_t kid, SFrameError& why) {
  size_t index = static_cast<size_t>(kid & (slots_.size() - 1));
  auto& slot = slots_[index];
  if (!slot) {
    why = SFrameError::kUnknownEpoch;
    return nullptr;
  }
  if (expired(*slot)) {
    slot.reset();
    why = SFrameError::kExpiredEpoch;
    return nullptr;
  }
  return &*slot;
}

Expected<UnprotectResult, SFrameError> MlsKeyManager::unprotect(BytesView frame, BytesView metadata,
                                                                MutableBytesView out) {
  auto header = decode_header(frame);
  if (!header) return unexpected(header.error());
  uint64_t kid = header->header.kid;
  SFrameError why{};
  Epoch* e = epoch_for_kid(kid, why);
  if (e == nullptr) return unexpected(why);
  KidFields f = e->layout.split(kid);
  if (f.sender_index >= e->group_size) return unexpected(SFrameError::kUnknownKid);
  if (f.sender_index == e->own_index) return unexpected(SFrameError::kWrongKeyUsage);
  UnprotectResult result{0, f.sender_index, f.context, e->number};
  auto it = e->keys.find(kid);
  if (it != e->keys.end()) {
    auto n = it->second.unprotect(*header, frame, metadata, out);
    if (!n) return unexpected(n.error());
    result.size = *n;
    return result;
  }
  // First frame for this KID: keep the derived key only if the frame authenticates,
  // so forged KIDs cannot grow the table.
  auto key = KeyContext::create(config_.suite, kid, e->base_key.reveal(), KeyUsage::kDecrypt);
  if (!key) return unexpected(key.error());
  auto n = key->unprotect(*header, frame, metadata, out);
  if (!n) return unexpected(n.error());
  e->keys.emplace(kid, std::move(*key));
  result.size = *n;
  return result;
}

}  // namespace zt::sframe
