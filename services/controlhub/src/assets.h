// Files compiled into the binary: the admin page, its scripts and style
// sheets, and the OpenAPI document.
#pragma once

#include <span>
#include <string_view>

namespace zt::controlhub {

std::string_view admin_page_html();
std::string_view openapi_json();

// The admin page's other files (web/**/*.js, web/**/*.css), each served at
// its path under web/ ("/js/main.js").
struct WebAsset {
  std::string_view path;
  std::string_view content_type;
  std::string_view body;
};
std::span<const WebAsset> web_assets();

}  // namespace zt::controlhub
