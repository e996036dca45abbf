#include "jiaodu/server/http_util.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cctype>

#include "jiaodu/formats/json/evaluation_json.h"

namespace jiaodu::http {

using nlohmann::json;
namespace J = jiaodu::wire;

int HttpStatus(const Error& e) {
  switch (e.code) {
    case ErrorCode::kInvalidInput:
      return 400;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
    case ErrorCode::kFailedPrecondition:
      return 409;
    case ErrorCode::kUnsupported:
      return 415;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kIo:
    case ErrorCode::kCorrupt:
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

void SendJson(httplib::Response& res, const json& body, int status) {
  res.status = status;
  // Invalid UTF-8 from a user's file must not turn into an exception here.
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), kJson);
}

void SendError(httplib::Response& res, const Error& e) {
  if (HttpStatus(e) >= 500) spdlog::error("{}: {}", e.id, e.Describe());
  SendJson(res, json{{"error", J::ToJson(e)}}, HttpStatus(e));
}

Error BadRequest(std::string_view id, std::string zh, std::string en) {
  return Error{
      ErrorCode::kInvalidInput, std::string(id), Text(std::move(zh), std::move(en)), {}, {}};
}

std::string Attachment(const std::string& name) {
  std::string enc;
  for (char ch : name) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
      enc.push_back(static_cast<char>(c));
    } else {
      enc += fmt::format("%{:02X}", c);
    }
  }
  size_t dot = name.rfind('.');
  std::string ext = dot == std::string::npos ? "" : name.substr(dot);
  return fmt::format("attachment; filename=\"export{}\"; filename*=UTF-8''{}", ext, enc);
}

void SendFile(httplib::Response& res, std::string bytes, const std::string& name,
              const char* content_type) {
  res.status = 200;
  res.set_header("Content-Disposition", Attachment(name));
  res.set_content(std::move(bytes), content_type);
}

void SendXlsx(httplib::Response& res, std::string bytes, const std::string& name) {
  SendFile(res, std::move(bytes), name, kXlsx);
}

Result<Upload> ReadUpload(const httplib::Request& req) {
  Upload up;
  up.user = "网页用户";
  for (const auto& [name, file] : req.files) {
    if (name == "user") {
      if (!file.content.empty()) up.user = file.content;
    } else if (name == "files" || name == "files[]" || name == "file") {
      up.files.push_back({file.filename.empty() ? "未命名文件" : file.filename, file.content});
    }
  }
  up.user = ActingUser(std::move(up.user));
  if (up.files.empty()) {
    return Fail(BadRequest("import.no_files", "没有收到文件，请选择要导入的 xlsx 或 csv 文件",
                           "no files received; choose the xlsx or csv files to import"));
  }
  return up;
}

namespace {
// cpp-httplib runs the pre-routing handler and the route's handler of one
// request on the same worker thread, one request at a time.
thread_local std::string acting_user;
}  // namespace

std::string ActingUser(std::string named) {
  return acting_user.empty() ? std::move(named) : acting_user;
}

void SetActingUser(std::string login) { acting_user = std::move(login); }

std::string FormField(const httplib::Request& req, std::string_view name) {
  auto it = req.files.find(std::string(name));
  return it == req.files.end() ? std::string() : it->second.content;
}

}  // namespace jiaodu::http
