#include "json_body.h"

#include <algorithm>
#include <cctype>

#include "api_error.h"
#include "text_field.h"

namespace zt::controlhub {
namespace {

const char* type_name(FieldType t) {
  switch (t) {
    case FieldType::kBool:
      return "a boolean";
    case FieldType::kString:
      return "a string";
    case FieldType::kInteger:
      return "an integer";
  }
  return "?";
}

bool has_type(const nlohmann::json& v, FieldType t) {
  switch (t) {
    case FieldType::kBool:
      return v.is_boolean();
    case FieldType::kString:
      return v.is_string();
    case FieldType::kInteger:
      return v.is_number_integer();
  }
  return false;
}

void check_field(const nlohmann::json& value, const FieldSpec& spec) {
  if (!has_type(value, spec.type)) {
    throw ApiError::bad_request(spec.name + " must be " + type_name(spec.type), spec.name);
  }
  if (spec.type != FieldType::kString) return;
  const auto& s = value.get_ref<const std::string&>();
  require_text(s, spec.name, spec.max_length);
  if (!spec.allowed.empty() &&
      std::find(spec.allowed.begin(), spec.allowed.end(), s) == spec.allowed.end()) {
    std::string list;
    for (const auto& a : spec.allowed) list += (list.empty() ? "" : ", ") + a;
    throw ApiError::bad_request(spec.name + " must be one of: " + list, spec.name);
  }
  if (spec.required && s.empty())
    throw ApiError::bad_request(spec.name + " must not be empty", spec.name);
}

}  // namespace

nlohmann::json parse_body(std::string_view body, const std::vector<FieldSpec>& fields) {
  auto doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) throw ApiError::bad_request("request body is not valid JSON");
  if (!doc.is_object()) throw ApiError::bad_request("request body must be a JSON object");
  for (const auto& item : doc.items()) {
    const std::string& key = item.key();
    auto spec = std::find_if(fields.begin(), fields.end(),
                             [&key](const FieldSpec& f) { return f.name == key; });
    if (spec == fields.end()) throw ApiError::bad_request("unknown field " + key, key);
    check_field(item.value(), *spec);
  }
  for (const auto& f : fields) {
    if (f.required && !doc.contains(f.name))
      throw ApiError::bad_request(f.name + " is required", f.name);
  }
  return doc;
}

bool is_uuid(std::string_view v) {
  if (v.size() != 36) return false;
  for (size_t i = 0; i < v.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? v[i] != '-' : !std::isxdigit(static_cast<unsigned char>(v[i]))) return false;
  }
  return true;
}

std::string require_uuid(std::string_view value, std::string_view what) {
  if (!is_uuid(value)) throw ApiError::not_found(std::string(what));
  std::string out(value);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace zt::controlhub
