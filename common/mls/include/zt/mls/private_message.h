// PrivateMessage and what is encrypted inside it (RFC 9420 section 6.3):
// PrivateMessageContent (with zero padding), SenderData and the two AADs.
#pragma once

#include <array>
#include <cstddef>

#include "zt/base/expected.h"
#include "zt/mls/framing.h"
#include "zt/mls/tls_codec.h"

namespace zt::mls {

struct PrivateMessage {
  static constexpr WireFormat kSelectTag = WireFormat::kPrivateMessage;  // in MlsMessage
  Bytes group_id;
  uint64_t epoch = 0;
  ContentType content_type = ContentType::kApplication;
  Bytes authenticated_data;
  Bytes encrypted_sender_data;
  Bytes ciphertext;
  ZT_TLS_FIELDS(group_id, epoch, content_type, authenticated_data, encrypted_sender_data,
                ciphertext)
  bool operator==(const PrivateMessage&) const = default;
};

// The plaintext of PrivateMessage.ciphertext. The content type is not on the
// wire (it comes from PrivateMessage.content_type); padding is
// `padding_length` zero bytes.
struct PrivateMessageContent {
  Content content;
  FramedContentAuthData auth;
  size_t padding_length = 0;
  bool operator==(const PrivateMessageContent&) const = default;
};

void tls_write(Writer& w, const PrivateMessageContent& v);
// Decodes a PrivateMessageContent of content type `type`; every byte after
// `auth` must be zero (kNonZeroPadding otherwise).
Expected<PrivateMessageContent, DecodeError> decode_private_message_content(BytesView data,
                                                                            ContentType type);

struct PrivateContentAad {
  Bytes group_id;
  uint64_t epoch = 0;
  ContentType content_type = ContentType::kApplication;
  Bytes authenticated_data;
  ZT_TLS_FIELDS(group_id, epoch, content_type, authenticated_data)
  bool operator==(const PrivateContentAad&) const = default;
};

struct SenderData {
  uint32_t leaf_index = 0;
  uint32_t generation = 0;
  std::array<uint8_t, 4> reuse_guard{};
  ZT_TLS_FIELDS(leaf_index, generation, reuse_guard)
  bool operator==(const SenderData&) const = default;
};

struct SenderDataAad {
  Bytes group_id;
  uint64_t epoch = 0;
  ContentType content_type = ContentType::kApplication;
  ZT_TLS_FIELDS(group_id, epoch, content_type)
  bool operator==(const SenderDataAad&) const = default;
};

}  // namespace zt::mls
