// The TLS presentation-language codec of RFC 9420 section 2.1, driven by one
// field list per struct.
//
//   struct Lifetime {
//     uint64_t not_before = 0;
//     uint64_t not_after = 0;
//     ZT_TLS_FIELDS(not_before, not_after)
//   };
//
// ZT_TLS_FIELDS lists the fields once, in wire order; encode() and decode()
// walk that list. Supported field types:
//   uint8_t..uint64_t            big-endian integers
//   enums                        their underlying integer; decoding checks
//                                tls_enum_valid(e), found by ADL
//   Bytes                        opaque<V>
//   crypto::SecretBytes          opaque<V>, decoded straight into secret
//                                memory (wiped when freed)
//   std::array<uint8_t, N>       opaque[N]
//   std::vector<T>               T v<V>
//   std::optional<T>             optional<T>
//   std::variant<A, B, ...>      a select on a tag written before the value;
//                                the tag of each alternative is
//                                SelectTag<Variant, Alt>::value (by default
//                                Alt::kSelectTag)
//   structs with ZT_TLS_FIELDS   their fields in order
// Structs whose layout depends on context (e.g. PublicMessage) declare
// tls_write()/tls_read() overloads next to themselves instead.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <type_traits>
#include <variant>
#include <vector>

#include "zt/base/bytes.h"
#include "zt/base/expected.h"
#include "zt/crypto/secret_bytes.h"
#include "zt/mls/tls_error.h"
#include "zt/mls/tls_reader.h"
#include "zt/mls/tls_writer.h"

#define ZT_TLS_F_(f) v(self.f, #f);
#define ZT_TLS_E1_(a) ZT_TLS_F_(a)
#define ZT_TLS_E2_(a, ...) ZT_TLS_F_(a) ZT_TLS_E1_(__VA_ARGS__)
#define ZT_TLS_E3_(a, ...) ZT_TLS_F_(a) ZT_TLS_E2_(__VA_ARGS__)
#define ZT_TLS_E4_(a, ...) ZT_TLS_F_(a) ZT_TLS_E3_(__VA_ARGS__)
#define ZT_TLS_E5_(a, ...) ZT_TLS_F_(a) ZT_TLS_E4_(__VA_ARGS__)
#define ZT_TLS_E6_(a, ...) ZT_TLS_F_(a) ZT_TLS_E5_(__VA_ARGS__)
#define ZT_TLS_E7_(a, ...) ZT_TLS_F_(a) ZT_TLS_E6_(__VA_ARGS__)
#define ZT_TLS_E8_(a, ...) ZT_TLS_F_(a) ZT_TLS_E7_(__VA_ARGS__)
#define ZT_TLS_E9_(a, ...) ZT_TLS_F_(a) ZT_TLS_E8_(__VA_ARGS__)
#define ZT_TLS_PICK_(_1, _2, _3, _4, _5, _6, _7, _8, _9, n, ...) n
#define ZT_TLS_FOR_EACH_(...)                                                           \
  ZT_TLS_PICK_(__VA_ARGS__, ZT_TLS_E9_, ZT_TLS_E8_, ZT_TLS_E7_, ZT_TLS_E6_, ZT_TLS_E5_, \
               ZT_TLS_E4_, ZT_TLS_E3_, ZT_TLS_E2_, ZT_TLS_E1_, unused)                  \
  (__VA_ARGS__)

// Declares the wire fields of a struct, in order (1 to 9 fields).
#define ZT_TLS_FIELDS(...)                  \
  using TlsStruct = void;                   \
  template <class Self, class V>            \
  static void tls_visit(Self& self, V& v) { \
    ZT_TLS_FOR_EACH_(__VA_ARGS__)           \
  }

// A struct with no wire fields (an empty select case, struct{}).
#define ZT_TLS_NO_FIELDS()       \
  using TlsStruct = void;        \
  template <class Self, class V> \
  static void tls_visit(Self&, V&) {}

namespace zt::mls {

template <class T>
concept TlsStructType = requires {
  typename T::TlsStruct;
};

template <class T>
concept TlsInteger = std::is_same_v<T, uint8_t> || std::is_same_v<T, uint16_t> ||
    std::is_same_v<T, uint32_t> || std::is_same_v<T, uint64_t>;

template <class T>
concept TlsEnum = std::is_enum_v<T>;

// The tag written before alternative Alt of select Variant.
template <class Variant, class Alt>
struct SelectTag {
  static constexpr auto value = Alt::kSelectTag;
};

// ---- declarations (so that every overload sees every other) ----
template <TlsInteger T>
void tls_write(Writer& w, T v);
template <TlsInteger T>
void tls_read(Reader& r, T& v);
template <TlsEnum E>
void tls_write(Writer& w, E v);
template <TlsEnum E>
void tls_read(Reader& r, E& v);
inline void tls_write(Writer& w, const Bytes& v);
inline void tls_read(Reader& r, Bytes& v);
inline void tls_write(Writer& w, const crypto::SecretBytes& v);
inline void tls_read(Reader& r, crypto::SecretBytes& v);
template <size_t N>
void tls_write(Writer& w, const std::array<uint8_t, N>& v);
template <size_t N>
void tls_read(Reader& r, std::array<uint8_t, N>& v);
template <class T>
void tls_write(Writer& w, const std::vector<T>& v);
template <class T>
void tls_read(Reader& r, std::vector<T>& v);
template <class T>
void tls_write(Writer& w, const std::optional<T>& v);
template <class T>
void tls_read(Reader& r, std::optional<T>& v);
template <class... Ts>
void tls_write(Writer& w, const std::variant<Ts...>& v);
template <class... Ts>
void tls_read(Reader& r, std::variant<Ts...>& v);
template <TlsStructType T>
void tls_write(Writer& w, const T& v);
template <TlsStructType T>
void tls_read(Reader& r, T& v);

namespace detail {

template <class T, bool = std::is_enum_v<T>>
struct TagIntOf {
  using type = T;
};
template <class T>
struct TagIntOf<T, true> {
  using type = std::underlying_type_t<T>;
};
template <class T>
using TagInt = typename TagIntOf<std::remove_cv_t<T>>::type;

template <TlsInteger T>
void write_int(Writer& w, T v) {
  if constexpr (sizeof(T) == 1) w.u8(v);
  if constexpr (sizeof(T) == 2) w.u16(v);
  if constexpr (sizeof(T) == 4) w.u32(v);
  if constexpr (sizeof(T) == 8) w.u64(v);
}

template <TlsInteger T>
T read_int(Reader& r) {
  if constexpr (sizeof(T) == 1) return r.u8();
  if constexpr (sizeof(T) == 2) return r.u16();
  if constexpr (sizeof(T) == 4) return r.u32();
  if constexpr (sizeof(T) == 8) return r.u64();
}

struct WriteVisitor {
  Writer& w;
  template <class T>
  void operator()(const T& field, const char*) {
    tls_write(w, field);
  }
};

struct ReadVisitor {
  Reader& r;
  template <class T>
  void operator()(T& field, const char* name) {
    if (r.failed()) return;
    tls_read(r, field);
    if (r.failed()) r.prepend_field(name);
  }
};

}  // namespace detail

// ---- definitions ----
template <TlsInteger T>
void tls_write(Writer& w, T v) {
  detail::write_int(w, v);
}
template <TlsInteger T>
void tls_read(Reader& r, T& v) {
  v = detail::read_int<T>(r);
}

template <TlsEnum E>
void tls_write(Writer& w, E v) {
  detail::write_int(w, static_cast<std::underlying_type_t<E>>(v));
}
template <TlsEnum E>
void tls_read(Reader& r, E& v) {
  size_t at = r.offset();
  v = static_cast<E>(detail::read_int<std::underlying_type_t<E>>(r));
  if (!r.failed() && !tls_enum_valid(v)) r.fail_at(DecodeErrorKind::kInvalidEnum, at);
}

inline void tls_write(Writer& w, const crypto::SecretBytes& v) { w.opaque(v.reveal()); }
inline void tls_read(Reader& r, crypto::SecretBytes& v) { v = crypto::SecretBytes(r.opaque()); }

inline void tls_write(Writer& w, const Bytes& v) { w.opaque(v); }
inline void tls_read(Reader& r, Bytes& v) {
  BytesView view = r.opaque();
  v.assign(view.begin(), view.end());
}

template <size_t N>
void tls_write(Writer& w, const std::array<uint8_t, N>& v) {
  w.raw(v);
}
template <size_t N>
void tls_read(Reader& r, std::array<uint8_t, N>& v) {
  BytesView view = r.take(N);
  if (view.size() == N) std::copy(view.begin(), view.end(), v.begin());
}

template <class T>
void tls_write(Writer& w, const std::vector<T>& v) {
  size_t start = w.begin_vector();
  for (const T& item : v) tls_write(w, item);
  w.end_vector(start);
}
template <class T>
void tls_read(Reader& r, std::vector<T>& v) {
  v.clear();
  size_t saved = r.begin_limit(r.varint());
  // Never reserve from the length: each element consumes at least one byte,
  // so the element count is bounded by the input actually present, and the
  // memory it takes by the reader's budget.
  while (!r.failed() && r.remaining() > 0 && r.charge(sizeof(T))) {
    size_t before = r.offset();
    tls_read(r, v.emplace_back());
    if (!r.failed() && r.offset() == before) r.fail(DecodeErrorKind::kEmptyElement);
    if (r.failed()) r.prepend_index(v.size() - 1);
  }
  r.end_limit(saved);
}

template <class T>
void tls_write(Writer& w, const std::optional<T>& v) {
  w.u8(v.has_value() ? 1 : 0);
  if (v) tls_write(w, *v);
}
template <class T>
void tls_read(Reader& r, std::optional<T>& v) {
  size_t at = r.offset();
  uint8_t present = r.u8();
  if (r.failed()) return;
  if (present == 0) {
    v.reset();
  } else if (present == 1) {
    tls_read(r, v.emplace());
  } else {
    r.fail_at(DecodeErrorKind::kInvalidOptional, at);
  }
}

template <class... Ts>
void tls_write(Writer& w, const std::variant<Ts...>& v) {
  using Variant = std::variant<Ts...>;
  std::visit(
      [&](const auto& alt) {
        using Alt = std::decay_t<decltype(alt)>;
        using Int = detail::TagInt<decltype(SelectTag<Variant, Alt>::value)>;
        detail::write_int(w, static_cast<Int>(SelectTag<Variant, Alt>::value));
        tls_write(w, alt);
      },
      v);
}
template <class... Ts>
void tls_read(Reader& r, std::variant<Ts...>& v) {
  using Variant = std::variant<Ts...>;
  using First = std::variant_alternative_t<0, Variant>;
  using Int = detail::TagInt<decltype(SelectTag<Variant, First>::value)>;
  size_t at = r.offset();
  Int tag = detail::read_int<Int>(r);
  if (r.failed()) return;
  bool found = false;
  auto try_alt = [&]<class Alt>(std::type_identity<Alt>) {
    if (found || static_cast<Int>(SelectTag<Variant, Alt>::value) != tag) return;
    found = true;
    tls_read(r, v.template emplace<Alt>());
  };
  (try_alt(std::type_identity<Ts>{}), ...);
  if (!found) r.fail_at(DecodeErrorKind::kUnknownTag, at);
}

template <TlsStructType T>
void tls_write(Writer& w, const T& v) {
  detail::WriteVisitor visitor{w};
  T::tls_visit(v, visitor);
}
template <TlsStructType T>
void tls_read(Reader& r, T& v) {
  detail::ReadVisitor visitor{r};
  T::tls_visit(v, visitor);
}

// Appends the encoding of `value` to `out`.
template <class T>
void encode_to(Bytes& out, const T& value) {
  Writer w(out);
  tls_write(w, value);
}

// The encoding of `value`. Throws EncodeError only for values that have no
// wire form (see tls_error.h).
template <class T>
Bytes encode(const T& value) {
  Bytes out;
  encode_to(out, value);
  return out;
}

// The encoding of a value that holds secrets (GroupSecrets), in secret
// memory. The work buffer is reserved up front, so an encoding of up to
// kSecretEncodeReserve bytes never reallocates (which would free an unwiped
// copy), and is wiped once copied.
inline constexpr size_t kSecretEncodeReserve = 4096;
template <class T>
crypto::SecretBytes encode_secret(const T& value) {
  Bytes out;
  out.reserve(kSecretEncodeReserve);
  encode_to(out, value);
  return crypto::SecretBytes::adopt(std::move(out));
}

// Decodes exactly one T from `data`: truncation, trailing bytes, non-minimal
// lengths and invalid tags are errors.
template <class T>
Expected<T, DecodeError> decode(BytesView data) {
  Reader r(data);
  T value{};
  tls_read(r, value);
  if (!r.failed() && r.remaining() != 0) r.fail(DecodeErrorKind::kTrailingBytes);
  if (r.failed()) return unexpected(r.error());
  return value;
}

}  // namespace zt::mls
