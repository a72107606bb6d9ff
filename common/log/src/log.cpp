// JSON-line logger on top of spdlog.
#include <atomic>
#include <chrono>
#include <ctime>
#include <mutex>
#include <stdexcept>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "zt/log/log.h"

namespace zt::log {
namespace {

struct State {
  std::mutex mu;
  std::string service = "zt";
  std::atomic<Level> min_level{Level::kInfo};
  std::shared_ptr<spdlog::logger> logger;
};

State& state() {
  static State s;
  return s;
}

std::shared_ptr<spdlog::logger> make_logger(std::ostream* out) {
  spdlog::sink_ptr sink;
  if (out != nullptr) {
    sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(*out, /*force_flush=*/true);
  } else {
    sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  }
  auto logger = std::make_shared<spdlog::logger>("zt", sink);
  logger->set_pattern("%v");  // the JSON line is built by format_line
  logger->set_level(spdlog::level::trace);
  logger->flush_on(spdlog::level::trace);
  return logger;
}

std::shared_ptr<spdlog::logger> logger() {
  State& s = state();
  std::lock_guard lock(s.mu);
  if (!s.logger) s.logger = make_logger(nullptr);
  return s.logger;
}

const char* level_name(Level level) {
  switch (level) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
  }
  return "info";
}

std::string utc_timestamp() {
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

}  // namespace

void init(std::string_view service, std::string_view level) {
  Level parsed;
  if (level == "debug") parsed = Level::kDebug;
  else if (level == "info") parsed = Level::kInfo;
  else if (level == "warn") parsed = Level::kWarn;
  else if (level == "error") parsed = Level::kError;
  else throw std::invalid_argument("log.level must be debug, info, warn or error");
  State& s = state();
  std::lock_guard lock(s.mu);
  s.service = std::string(service);
  s.min_level = parsed;
}

void set_output_for_testing(std::ostream* out) {
  State& s = state();
  std::lock_guard lock(s.mu);
  s.logger = make_logger(out);
}

std::string format_line(Level level, std::string_view msg, std::initializer_list<Field> fields) {
  nlohmann::ordered_json j;
  j["ts"] = utc_timestamp();
  j["level"] = level_name(level);
  {
    State& s = state();
    std::lock_guard lock(s.mu);
    j["service"] = s.service;
  }
  j["msg"] = std::string(msg);
  if (!current_request_id().empty()) j["request_id"] = std::string(current_request_id());
  for (const Field& f : fields) {
    if (f.key == "ts" || f.key == "level" || f.key == "service" || f.key == "msg") continue;
    if (f.secret || is_secret_key(f.key)) {
      j[f.key] = kRedacted;
    } else {
      j[f.key] = f.value;
    }
  }
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void write(Level level, std::string_view msg, std::initializer_list<Field> fields) {
  if (level < state().min_level.load()) return;
  std::string line = format_line(level, msg, fields);
  logger()->log(spdlog::level::info, spdlog::string_view_t(line.data(), line.size()));
}

}  // namespace zt::log
