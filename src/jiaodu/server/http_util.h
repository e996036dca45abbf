// File: jiaodu/server/http_util.h
//
// What every route of the HTTP adapter shares: JSON and file responses, the
// error body of docs/api.md (Error → HTTP status), RFC 5987 download names,
// and Wrap(), which turns a handler returning Status into a cpp-httplib
// handler so a failed Result always reaches the client as a JSON error.
#ifndef JIAODU_SERVER_HTTP_UTIL_H_
#define JIAODU_SERVER_HTTP_UTIL_H_

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "jiaodu/app/service.h"
#include "jiaodu/core/error.h"

namespace jiaodu::http {

inline constexpr const char* kJson = "application/json; charset=utf-8";
inline constexpr const char* kXlsx =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
inline constexpr const char* kPdf = "application/pdf";

int HttpStatus(const Error& e);
void SendJson(httplib::Response& res, const nlohmann::json& body, int status = 200);
void SendError(httplib::Response& res, const Error& e);
Error BadRequest(std::string_view id, std::string zh, std::string en);
// "attachment; filename*=UTF-8''…" so Chinese file names survive; the plain
// `filename` is an ASCII fallback with the same extension.
std::string Attachment(const std::string& name);
void SendFile(httplib::Response& res, std::string bytes, const std::string& name,
              const char* content_type);
void SendXlsx(httplib::Response& res, std::string bytes, const std::string& name);

// A multipart upload: the files (form names files, files[] or file) and
// the user who sent them (field `user`, default 网页用户). Fails with
// import.no_files when no file came.
struct Upload {
  std::vector<Service::UploadedFile> files;
  std::string user;
};
Result<Upload> ReadUpload(const httplib::Request& req);
// A plain field of a multipart form ("" when absent).
std::string FormField(const httplib::Request& req, std::string_view name);

// Who a request acts as, for what handlers record (imports, edits, undo,
// plan values, tasks): with login on, the logged-in login, which the guard
// (access_guard.h) sets for the request this thread is handling; without
// it (single-user mode), `named`, the name the request itself gives.
std::string ActingUser(std::string named);
void SetActingUser(std::string login);  // "" = single-user mode

// Wraps a handler so every Result error becomes a JSON error response.
template <typename F>
httplib::Server::Handler Wrap(F f) {
  return [f](const httplib::Request& req, httplib::Response& res) {
    Status st = f(req, res);
    if (!st) SendError(res, st.error());
  };
}

}  // namespace jiaodu::http

#endif  // JIAODU_SERVER_HTTP_UTIL_H_
