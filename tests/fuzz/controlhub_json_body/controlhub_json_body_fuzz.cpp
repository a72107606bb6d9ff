// Fuzzes Control Hub's strict JSON body parser with the field schemas its
// REST routes declare. Input: one byte choosing the schema, then the body.
//
// Properties: the parser either throws ApiError 400 invalid_argument or
// returns an object that satisfies the schema (known fields, declared types,
// length and enum limits, required fields present), and whose dump parses
// again to the same document. UUID path values: is_uuid and require_uuid
// agree, and require_uuid yields a lower-case UUID.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "device_kind.h"
#include "api_error.h"
#include "json_body.h"

namespace {

using zt::controlhub::ApiError;
using zt::controlhub::FieldSpec;
using zt::controlhub::FieldType;

// Copies of the schemas in directory_routes.cpp, identity_routes.cpp and
// settings_routes.cpp (the routes keep them inline).
const std::vector<std::vector<FieldSpec>>& schemas() {
  static const std::vector<std::string> kDeviceKinds = zt::controlhub::device_kind_names();
  static const std::vector<std::vector<FieldSpec>> kSchemas = {
      {{"name", FieldType::kString, true, {}, 200}},
      {{"email", FieldType::kString, true, {}, 320}, {"displayName", FieldType::kString, true, {}, 200}},
      {{"kind", FieldType::kString, true, {"primary", "shared", "virtual"}},
       {"number", FieldType::kString, true, {}, 32}},
      {{"kind", FieldType::kString, true, kDeviceKinds},
       {"e2eeCapable", FieldType::kBool},
       {"displayName", FieldType::kString, true, {}, 200},
       {"userId", FieldType::kString, false}},
      {{"role", FieldType::kString, true, {"full_admin", "read_only_admin"}},
       {"displayName", FieldType::kString, true, {}, 200}},
      {{"pem", FieldType::kString, true, {}, 64 * 1024}},
      {{"grant_type", FieldType::kString}, {"client_id", FieldType::kString}, {"client_secret", FieldType::kString}},
      {{"csr", FieldType::kString, true, {}, 16 * 1024}},
      {{"e2eeEnabled", FieldType::kBool}},
      {{"defaultMeetingType", FieldType::kString, true, {"standard", "e2ee"}}, {"personalRoomE2ee", FieldType::kBool}},
      // Not used by a route today: integers and an optional enum.
      {{"limit", FieldType::kInteger, false}, {"state", FieldType::kString, false, {"on", "off"}, 3}},
  };
  return kSchemas;
}

bool satisfies(const nlohmann::json& value, const FieldSpec& spec) {
  switch (spec.type) {
    case FieldType::kBool:
      return value.is_boolean();
    case FieldType::kInteger:
      return value.is_number_integer();
    case FieldType::kString: {
      if (!value.is_string()) return false;
      const auto& s = value.get_ref<const std::string&>();
      if (s.size() > spec.max_length) return false;
      if (!spec.allowed.empty() && std::find(spec.allowed.begin(), spec.allowed.end(), s) == spec.allowed.end()) {
        return false;
      }
      return !(spec.required && s.empty());
    }
  }
  return false;
}

void check_schema(const nlohmann::json& doc, const std::vector<FieldSpec>& fields) {
  if (!doc.is_object()) std::abort();
  for (const auto& item : doc.items()) {
    auto spec = std::find_if(fields.begin(), fields.end(), [&](const FieldSpec& f) { return f.name == item.key(); });
    if (spec == fields.end() || !satisfies(item.value(), *spec)) std::abort();
  }
  for (const auto& f : fields) {
    if (f.required && !doc.contains(f.name)) std::abort();
  }
}

void check_body(std::string_view body, const std::vector<FieldSpec>& fields) {
  nlohmann::json doc;
  try {
    doc = zt::controlhub::parse_body(body, fields);
  } catch (const ApiError& e) {
    if (e.status() != 400 || e.code() != "invalid_argument") std::abort();
    return;
  }
  check_schema(doc, fields);
  if (zt::controlhub::parse_body(doc.dump(), fields) != doc) std::abort();
}

void check_uuid(std::string_view value) {
  bool valid = zt::controlhub::is_uuid(value);
  try {
    std::string out = zt::controlhub::require_uuid(value, "resource");
    if (!valid || !zt::controlhub::is_uuid(out)) std::abort();
    if (std::any_of(out.begin(), out.end(), [](unsigned char c) { return std::isupper(c) != 0; })) std::abort();
  } catch (const ApiError& e) {
    if (valid || e.status() != 404) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const auto& all = schemas();
  std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  check_body(body, all[data[0] % all.size()]);
  check_uuid(body);
  return 0;
}
