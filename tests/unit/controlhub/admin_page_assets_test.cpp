// The admin page's files are compiled in and served: every file index.html
// and the ES modules refer to is a route with the right Content-Type, and no
// file carries inline script, inline style or HTML built from strings (the
// page runs under a Content-Security-Policy without 'unsafe-inline').
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

#include "assets.h"
#include "rest_api.h"

namespace zt::controlhub {
namespace {

class AdminPageAssetsTest : public ::testing::Test {
 protected:
  AdminPageAssetsTest() { add_static_routes(router_); }

  HttpResponse get(const std::string& path) {
    HttpRequest req;
    req.method = "GET";
    req.path = path;
    RouteMatch m = router_.match("GET", path);
    if (!m.route) return HttpResponse{404, {}, ""};
    RequestContext ctx{req, m.params, std::nullopt};
    return m.route->handler(ctx);
  }

  // Every match of group 1 of `pattern` in `text`.
  static std::set<std::string> captures(const std::string& text, const std::string& pattern) {
    std::set<std::string> out;
    std::regex re(pattern);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator();
         ++it) {
      out.insert((*it)[1].str());
    }
    return out;
  }

  Router router_;
};

TEST_F(AdminPageAssetsTest, EveryAssetIsServedWithItsType) {
  ASSERT_FALSE(web_assets().empty());
  for (const WebAsset& asset : web_assets()) {
    HttpResponse r = get(std::string(asset.path));
    ASSERT_EQ(r.status, 200) << asset.path;
    EXPECT_EQ(r.body, asset.body) << asset.path;
    bool css = asset.path.ends_with(".css");
    EXPECT_EQ(r.headers["Content-Type"],
              css ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8")
        << asset.path;
  }
}

TEST_F(AdminPageAssetsTest, EveryReferencedFileExists) {
  std::string page(admin_page_html());
  std::set<std::string> refs = captures(page, R"((?:src|href)="(/[^"]*)\")");
  EXPECT_TRUE(refs.count("/js/main.js"));
  EXPECT_TRUE(refs.count("/admin.css"));
  for (const WebAsset& asset : web_assets()) {
    if (!asset.path.ends_with(".js")) continue;
    std::string dir(asset.path.substr(0, asset.path.rfind('/') + 1));
    for (const auto& module : captures(std::string(asset.body), R"(from "\./([^"]+)\")"))
      refs.insert(dir + module);
  }
  for (const auto& ref : refs)
    EXPECT_EQ(get(ref).status, 200) << ref << " is referenced but not served";
}

TEST_F(AdminPageAssetsTest, NoInlineScriptStyleOrHandlers) {
  std::string page(admin_page_html());
  EXPECT_TRUE(captures(page, R"((<script(?![^>]*\bsrc=)[^>]*>))").empty()) << "inline <script>";
  EXPECT_EQ(page.find("<style"), std::string::npos);
  EXPECT_TRUE(captures(page, R"(\s(style|on[a-z]+)=)").empty()) << "style= or on*= attribute";
  for (const WebAsset& asset : web_assets()) {
    std::string body(asset.body);
    for (const char* sink :
         {"innerHTML", "outerHTML =", "insertAdjacentHTML", "document.write", "eval("}) {
      EXPECT_EQ(body.find(sink), std::string::npos) << asset.path << " uses " << sink;
    }
  }
}

}  // namespace
}  // namespace zt::controlhub
