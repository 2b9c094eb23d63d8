// SPDX-License-Identifier: MIT
// The HTTP server of `carecompare serve` (server.hpp): the one translation unit that includes
// Boost.Beast, which compiles slowly.
#include "cds/server.hpp"

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <csignal>
#include <cstdint>
#include <ctime>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "cds/metrics.hpp"
#include "util/json_writer.hpp"
#include "util/utf8.hpp"

namespace carecompare_cds {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using clock = std::chrono::steady_clock;

class session;

/// What the listener, the sessions and the signals share.
struct shared_state {
  shared_state(const server_options& o, std::shared_ptr<const handler> h, std::ostream& l)
      : opts(o), current(std::move(h)), log(l) {}

  server_options opts;
  std::mutex handler_mutex;
  std::shared_ptr<const handler> current;  // replaced whole on SIGHUP; requests keep the one they took
  std::mutex log_mutex;
  std::string log_pending;   // lines for the log, under log_mutex
  bool log_writing = false;  // a thread is writing to the log, under log_mutex
  std::ostream& log;         // written by one thread at a time (write_text())
  std::atomic<std::size_t> connections{0};
  std::atomic<bool> stopping{false};
  std::mutex sessions_mutex;
  std::map<const session*, std::weak_ptr<session>> sessions;
  metrics counts;  // what GET /metrics says

  std::shared_ptr<const handler> get() {
    const std::lock_guard lock(handler_mutex);
    return current;
  }
  void set(std::shared_ptr<const handler> h) {
    const std::lock_guard lock(handler_mutex);
    current = std::move(h);
  }
  /// Writes one JSON line to the log.
  void write(const nlohmann::json& line) {
    write_text(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  /// Writes one line of JSON text to the log, with its newline in the same write: on an
  /// unbuffered stream (std::clog) each output is a system call, and lines never mix. One thread
  /// at a time writes, and never while holding log_mutex: a thread that finds another writing
  /// leaves its line to that one, which writes whatever came meanwhile (in one output) before it
  /// returns. So no thread waits on another's system call, and no line waits for a later one.
  void write_text(std::string text) {
    text.push_back('\n');
    std::unique_lock lock(log_mutex);
    log_pending += text;
    if (log_writing) return;
    log_writing = true;
    while (!log_pending.empty()) {
      std::string out = std::move(log_pending);
      log_pending.clear();
      lock.unlock();
      log.write(out.data(), static_cast<std::streamsize>(out.size()));
      log.flush();
      lock.lock();
    }
    log_writing = false;
  }
};

std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

/**
 * The access log's line of an answered request: `{"hookInstance"?, "method", "replay_store"?,
 * "route", "status", "time", "unauthorized"?, "us"}` (the members in the order of their names,
 * as the log's other lines, written by nlohmann's dump(), have them). Never a body, a patient
 * id, a token or a code from the record: what `out` holds for the log only.
 */
std::string access_line(std::string_view method, const response& out, std::chrono::microseconds took) {
  cc::detail::json_writer line(-1, 256);
  line.begin_object();
  if (!out.hook_instance.empty()) line.member("hookInstance", out.hook_instance);
  line.member("method", method);
  if (!out.log_reason.empty() && out.replay_store_failed) line.member("replay_store", out.log_reason);
  line.member("route", out.route);
  line.key("status");
  line.integer(out.status);
  line.member("time", utc_now());
  if (!out.log_reason.empty() && !out.replay_store_failed) line.member("unauthorized", out.log_reason);
  line.key("us");
  line.integer(took.count());
  line.end_object();
  return line.take();
}

std::int64_t unix_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

/**
 * What a connection's buffer holds from its start, and at most once a request's Content-Length
 * is known. Beast reads as much as the buffer's free room but at least 512 bytes, and the
 * parser empties the buffer after each read, so a buffer that only grew on demand would stay at
 * 512 bytes and read an 8 KB body in 16 system calls. 64 KiB is the most Beast reads at once.
 * A connection keeps its buffer while it lives: at most max_read_bytes x max_connections.
 */
constexpr std::size_t header_read_bytes = 4 * 1024;
constexpr std::uint64_t max_read_bytes = 64 * 1024;

/// One connection: reads requests one after another, answers each through the handler.
class session : public std::enable_shared_from_this<session> {
 public:
  session(tcp::socket socket, std::shared_ptr<shared_state> state)
      : stream_(std::move(socket)), state_(std::move(state)) {
    ++state_->connections;
    buffer_.reserve(header_read_bytes);
  }
  session(const session&) = delete;
  session& operator=(const session&) = delete;
  ~session() {
    {
      const std::lock_guard lock(state_->sessions_mutex);
      state_->sessions.erase(this);
    }
    --state_->connections;
  }

  void start() {
    {
      const std::lock_guard lock(state_->sessions_mutex);
      state_->sessions.emplace(this, weak_from_this());
    }
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_header(); });
  }

  /// At a stop: closes the connection unless a request is being answered (on its strand).
  void close_if_idle() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_) self->stream_.socket().close();
    });
  }

 private:
  void read_header() {
    busy_ = false;
    if (state_->stopping) return close();
    parser_.emplace();
    parser_->header_limit(16 * 1024);
    parser_->body_limit(state_->get()->opts().max_body_bytes);
    stream_.expires_after(first_ ? state_->opts.header_timeout : state_->opts.idle_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    busy_ = true;
    started_ = clock::now();
    // A stop closed the connection after its header (and maybe its body) came in but before this
    // ran: the request stays unanswered, as one not yet sent, and the log never says it was.
    if (!stream_.socket().is_open()) return;
    if (ec == http::error::body_limit) {
      // The parser compares Content-Length with the limit once the header is in: answered
      // without reading the body, and the connection closes after.
      const std::size_t limit = state_->get()->opts().max_body_bytes;
      return too_large("the body is larger than " + std::to_string(limit) + " bytes");
    }
    if (ec) return close();  // closed, timed out, or not HTTP
    auto& req = parser_->get();
    if (beast::iequals(req[http::field::expect], "100-continue")) {
      auto cont = std::make_shared<http::response<http::empty_body>>(http::status::continue_, req.version());
      return http::async_write(stream_, *cont, [self = shared_from_this(), cont](beast::error_code e, std::size_t) {
        if (e) return self->close();
        self->read_body();
      });
    }
    read_body();
  }

  void read_body() {
    // Room for the whole body in as few reads as the socket allows (see header_read_bytes), and
    // for a header besides: the next call of a keep-alive client, as large, then comes in one.
    if (const auto length = parser_->content_length()) {
      buffer_.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(*length + header_read_bytes, max_read_bytes)));
    }
    stream_.expires_after(state_->opts.body_timeout);
    http::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec == http::error::body_limit) return self->too_large("the body is larger than the limit");
      if (ec) return self->close();
      self->handle();
    });
  }

  /// Answers 413 to a request whose body is left unread, with the CORS headers of any answer
  /// (so a page of a listed origin can read why), and closes the connection after.
  void too_large(const std::string& message) {
    response r = error_response(413, message);
    const auto origin = parser_->get()[http::field::origin];
    state_->get()->add_cors_headers(r, origin.empty() ? std::nullopt : std::optional<std::string_view>(origin));
    unread_body_ = true;
    answer(std::move(r), false);
  }

  void handle() {
    const auto& req = parser_->get();
    request r;
    r.method = req.method_string();
    r.target = req.target();
    for (const auto& field : req) r.headers.emplace_back(field.name_string(), field.value());
    r.body = req.body();
    r.now = unix_seconds();
    if (r.target.substr(0, r.target.find('?')) == metrics_path) {
      return answer(state_->counts.answer(r, state_->connections.load()), req.keep_alive());
    }
    const std::shared_ptr<const handler> h = state_->get();
    answer((*h)(r), req.keep_alive());
  }

  void answer(response out, bool keep_alive) {
    const auto& req = parser_->get();
    const bool head = req.method() == http::verb::head;
    res_ = {};
    res_.version(req.version() == 10 ? 10 : 11);
    res_.result(out.status);
    for (const auto& [name, value] : out.headers) res_.set(name, value);
    res_.keep_alive(keep_alive && !state_->stopping);
    if (out.status != 204) res_.content_length(out.body.size());  // a 204 has no body and says no length
    if (!head) res_.body() = std::move(out.body);

    const auto took = std::chrono::duration_cast<std::chrono::microseconds>(clock::now() - started_);
    state_->counts.record(out.route, out.status, took);
    if (out.replay_store_failed) state_->counts.record_replay_store_error();
    state_->write_text(access_line(req.method_string(), out, took));

    stream_.expires_after(state_->opts.body_timeout);
    http::async_write(stream_, res_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (!ec && self->unread_body_) return self->linger();
      if (ec || !self->res_.keep_alive()) return self->close();
      self->first_ = false;
      self->read_header();
    });
  }

  /// After an answer sent before the body was read: closing a socket that has unread data
  /// resets the connection, and the client may lose the answer. So the sending side is shut,
  /// and what still comes is read and dropped until the client closes, for at most a second.
  void linger() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::chrono::seconds(1));
    discard_.consume(discard_.size());
    stream_.async_read_some(discard_.prepare(64 * 1024),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) return self->close();
                              self->linger();
                            });
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
  }

  beast::tcp_stream stream_;
  std::shared_ptr<shared_state> state_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> res_;
  clock::time_point started_;
  beast::flat_buffer discard_;  // what a client sends after its answer, dropped (linger())
  bool busy_ = false;
  bool first_ = true;
  bool unread_body_ = false;  // answered before its body was read: linger() before closing
};

/// Accepts connections until it is closed.
class listener : public std::enable_shared_from_this<listener> {
 public:
  listener(net::io_context& ioc, const tcp::endpoint& at, std::shared_ptr<shared_state> state)
      : ioc_(ioc), acceptor_(net::make_strand(ioc)), state_(std::move(state)) {
    acceptor_.open(at.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(at);
    acceptor_.listen(net::socket_base::max_listen_connections);
  }

  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

  void accept() {
    acceptor_.async_accept(net::make_strand(ioc_), [self = shared_from_this()](beast::error_code ec, tcp::socket s) {
      if (!ec) {
        if (self->state_->connections >= self->state_->opts.max_connections || self->state_->stopping) {
          beast::error_code ignored;
          s.close(ignored);  // over the cap: closed at once
        } else {
          std::make_shared<session>(std::move(s), self->state_)->start();
        }
      }
      if (self->acceptor_.is_open()) self->accept();
    });
  }

  void close() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ec;
      self->acceptor_.close(ec);
    });
  }

 private:
  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  std::shared_ptr<shared_state> state_;
};

}  // namespace

bool is_loopback(const std::string& host) {
  if (host == "localhost") return true;
  beast::error_code ec;
  const auto address = net::ip::make_address(host, ec);
  return !ec && address.is_loopback();
}

void serve(const server_options& opts, std::shared_ptr<const handler> first,
           std::function<std::shared_ptr<const handler>()> reload, std::ostream& log,
           const std::function<void(std::uint16_t)>& ready) {
  net::io_context ioc(static_cast<int>(opts.threads));
  auto state = std::make_shared<shared_state>(opts, std::move(first), log);
  const auto address = net::ip::make_address(opts.host == "localhost" ? "127.0.0.1" : opts.host);
  auto l = std::make_shared<listener>(ioc, tcp::endpoint(address, opts.port), state);

  net::signal_set signals(ioc, SIGINT, SIGTERM, SIGHUP);
  net::steady_timer drain(ioc);
  clock::time_point deadline;
  std::function<void()> wait_for_drain = [&] {
    drain.expires_after(std::chrono::milliseconds(20));
    drain.async_wait([&](beast::error_code) {
      if (state->connections == 0 || clock::now() >= deadline) {
        state->write({{"time", utc_now()}, {"event", "stopped"}, {"open_connections", state->connections.load()}});
        ioc.stop();
      } else {
        wait_for_drain();
      }
    });
  };
  std::function<void()> on_signal = [&] {
    signals.async_wait([&](beast::error_code ec, int signal) {
      if (ec) return;
      if (signal == SIGHUP) {
        try {
          state->set(reload());
          state->write({{"time", utc_now()}, {"event", "reloaded"}});
        } catch (const std::exception& e) {
          state->write({{"time", utc_now()},
                        {"event", "reload failed: the catalogs and trust loaded before keep serving"},
                        {"error", cc::detail::printable(e.what())}});
        }
        return on_signal();
      }
      // SIGTERM, SIGINT: stop accepting, close idle connections, let the others finish.
      state->stopping = true;
      state->write({{"time", utc_now()}, {"event", "stopping"}, {"open_connections", state->connections.load()}});
      l->close();
      std::vector<std::shared_ptr<session>> open;
      {
        const std::lock_guard lock(state->sessions_mutex);
        for (const auto& [key, weak] : state->sessions) {
          if (auto s = weak.lock()) open.push_back(std::move(s));
        }
      }
      for (const auto& s : open) s->close_if_idle();
      deadline = clock::now() + opts.stop_timeout;
      wait_for_drain();
    });
  };
  on_signal();
  l->accept();
  ready(l->port());

  std::vector<std::thread> threads;
  for (unsigned i = 1; i < opts.threads; ++i) threads.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : threads) t.join();
}

}  // namespace carecompare_cds
