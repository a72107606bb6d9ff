// Files compiled into the binary: the admin page and the OpenAPI document.
#pragma once

#include <string_view>

namespace zt::controlhub {

std::string_view admin_page_html();
std::string_view openapi_json();

}  // namespace zt::controlhub
