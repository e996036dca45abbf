// A real HTTP server on a free port for the API tests: the binary's own
// HttpServer over the caller's Service, run on a thread, called with a real
// client. Header-only: every HTTP test program includes it.
#ifndef JIAODU_TESTS_HTTP_LIVE_SERVER_H_
#define JIAODU_TESTS_HTTP_LIVE_SERVER_H_

#include <gtest/gtest.h>
#include <httplib.h>

#include <future>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "jiaodu/server/server.h"

namespace jiaodu::testing {

class LiveServer {
 public:
  explicit LiveServer(Service& svc, ServerModules modules = {}) : server_(svc, Options(), modules) {
    std::promise<void> ready;
    thread_ = std::thread([this, &ready] { (void)server_.Run([&ready] { ready.set_value(); }); });
    ready.get_future().wait();
  }
  ~LiveServer() {
    server_.Stop();
    thread_.join();
  }
  LiveServer(const LiveServer&) = delete;
  LiveServer& operator=(const LiveServer&) = delete;

  int port() const { return server_.port(); }
  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", server_.port());
    c.set_read_timeout(60, 0);
    return c;
  }
  // GETs `path`, expects status `want` and returns the parsed body.
  nlohmann::json Get(const std::string& path, int want = 200) const {
    auto c = Client();
    auto res = c.Get(path.c_str());
    EXPECT_TRUE(res) << path;
    if (!res) return nlohmann::json();
    EXPECT_EQ(res->status, want) << path << " " << res->body.substr(0, 300);
    return nlohmann::json::parse(res->body, nullptr, false);
  }

 private:
  static ServerOptions Options() {
    ServerOptions so;
    so.port = 0;
    return so;
  }
  HttpServer server_;
  std::thread thread_;
};

}  // namespace jiaodu::testing

#endif  // JIAODU_TESTS_HTTP_LIVE_SERVER_H_
