// Every route docs/api.md documents has a row in the guard's table
// (server/access_guard.cc). The guard refuses a route without one whenever
// login is on (deny by default), so a forgotten row would lock every user
// out of a working page in a multi-user deployment, while the single-user
// demo and its browser tests, which run without login, never notice.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "jiaodu/server/access_guard.h"

namespace jiaodu {
namespace {

struct DocumentedRoute {
  std::string method;
  std::vector<std::string> paths;  // the path with sample values, no query
  std::string as_written;
};

// Every `METHOD /api/...` written in docs/api.md. Each {placeholder} is
// filled with a number and with a word (ids are numbers on some routes,
// words on others): the route is covered when one of the spellings matches.
std::vector<DocumentedRoute> DocumentedRoutes() {
  std::ifstream in(std::string(JIAODU_TEST_DATA_DIR) + "/../docs/api.md");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  const std::regex route("`(GET|POST|PUT|DELETE) (/api/[^`?]*)[^`]*`");
  const std::regex placeholder(R"(\{[^}]+\})");
  std::vector<DocumentedRoute> out;
  std::set<std::string> seen;
  for (std::sregex_iterator it(text.begin(), text.end(), route), end; it != end; ++it) {
    const std::string method = (*it)[1], written = (*it)[2];
    if (!seen.insert(method + " " + written).second) continue;
    std::vector<std::string> paths = {""};
    size_t last = 0;
    for (std::sregex_iterator p(written.begin(), written.end(), placeholder), pend; p != pend;
         ++p) {
      const std::string before = written.substr(last, static_cast<size_t>(p->position()) - last);
      std::vector<std::string> next;
      for (const std::string& so_far : paths) {
        next.push_back(so_far + before + "990103");
        next.push_back(so_far + before + "x1");
      }
      paths = std::move(next);
      last = static_cast<size_t>(p->position() + p->length());
    }
    for (std::string& path : paths) path += written.substr(last);
    out.push_back({method, std::move(paths), method + " " + written});
  }
  return out;
}

TEST(GuardRules, EveryRouteOfTheApiDocumentHasARuleInTheGuardsTable) {
  const std::vector<DocumentedRoute> routes = DocumentedRoutes();
  // The document lists about 90 routes; far fewer means it was not read.
  ASSERT_GE(routes.size(), 60u);
  std::vector<std::pair<std::string, std::regex>> rules;
  for (const http::RouteRule& r : http::RouteRules()) rules.emplace_back(r.method, r.pattern);
  for (const DocumentedRoute& d : routes) {
    bool found = false;
    for (const auto& [method, re] : rules) {
      for (const std::string& path : d.paths) {
        if (method == d.method && std::regex_match(path, re)) found = true;
      }
    }
    EXPECT_TRUE(found) << d.as_written << " (tried " << d.paths.back()
                       << ") has no rule in server/access_guard.cc: refused whenever login is on";
  }
}

TEST(GuardRules, AnUndocumentedPathMatchesNoRule) {
  // The check above would pass vacuously if a rule matched everything.
  for (const http::RouteRule& r : http::RouteRules()) {
    EXPECT_FALSE(std::regex_match("/api/no-such-route/x1", std::regex(r.pattern))) << r.pattern;
  }
}

}  // namespace
}  // namespace jiaodu
