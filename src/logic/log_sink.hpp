// SPDX-License-Identifier: MIT
/**
 * @file logic/log_sink.hpp (private)
 * Where JsonLogic's `log` operator writes (the evaluator calls emit_log() once per `log`): the
 * process-wide sink logic::set_log_sink() sets, or standard error when none is set.
 * Invariants: a sink may be called from several threads at once, and a sink replaced while a
 * thread logs stays alive until that call returns; standard error gets whole lines, one per
 * call, which threads logging at once never interleave.
 */
#ifndef CARECOMPARE_SRC_LOGIC_LOG_SINK_HPP
#define CARECOMPARE_SRC_LOGIC_LOG_SINK_HPP

#include <carecompare/config.hpp>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>
#include <utility>

CARECOMPARE_BEGIN_NAMESPACE
namespace logic::detail {

using log_sink = std::function<void(std::string_view)>;

struct log_state {
  std::mutex mutex;
  std::shared_ptr<const log_sink> sink;  ///< null: the default (stderr)
};

inline log_state& log_global() {
  static log_state state;
  return state;
}

inline void set_sink(log_sink sink) {
  auto p = sink ? std::make_shared<const log_sink>(std::move(sink)) : nullptr;
  log_state& s = log_global();
  const std::lock_guard<std::mutex> lock(s.mutex);
  s.sink = std::move(p);
}

/// Writes one log line: to the sink if one is set, else to stderr.
inline void emit_log(std::string_view text) {
  log_state& s = log_global();
  std::shared_ptr<const log_sink> sink;
  {
    const std::lock_guard<std::mutex> lock(s.mutex);
    sink = s.sink;
  }
  if (sink) {
    (*sink)(text);
    return;
  }
  static std::mutex stderr_mutex;
  const std::lock_guard<std::mutex> lock(stderr_mutex);
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fputc('\n', stderr);
  std::fflush(stderr);
}

}  // namespace logic::detail
CARECOMPARE_END_NAMESPACE

#endif  // CARECOMPARE_SRC_LOGIC_LOG_SINK_HPP
