#include "rejection.h"

#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/write.hpp>
#include <memory>
#include <optional>

#include "zt/http/beast_message.h"

namespace zt::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

// Owns the socket through the steps of one refusal: [handshake,] write 503,
// [close_notify,] half-close, drain until the client closes, close.
class Refusal : public std::enable_shared_from_this<Refusal> {
 public:
  Refusal(tcp::socket&& socket, asio::ssl::context* tls, const HttpServerOptions& options,
          std::function<void()> done)
      : stream_(std::move(socket)), options_(options), done_(std::move(done)) {
    if (tls) tls_.emplace(stream_, *tls);
    response_ = to_beast(json_error(503, "unavailable", "too many open connections, retry later"),
                         11, false, server_name(options));
    response_.set(bhttp::field::retry_after, "1");
  }
  ~Refusal() {
    beast::error_code ec;
    stream_.socket().close(ec);
    if (done_) done_();
  }

  void start() {
    if (!tls_) return write();
    stream_.expires_after(options_.limits.handshake_timeout);
    tls_->async_handshake(asio::ssl::stream_base::server,
                          [self = shared_from_this()](beast::error_code ec) {
                            if (!ec) self->write();
                          });
  }

 private:
  void write() {
    stream_.expires_after(options_.limits.write_timeout);
    auto next = [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return;
      if (self->tls_) {
        self->tls_->async_shutdown([self](beast::error_code) { self->linger(); });
      } else {
        self->linger();
      }
    };
    if (tls_) {
      bhttp::async_write(*tls_, response_, next);
    } else {
      bhttp::async_write(stream_, response_, next);
    }
  }

  // Half-close and read until the client closes: closing with its request
  // unread would reset the connection and could destroy the 503 in flight.
  void linger() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return;
    stream_.expires_after(options_.limits.header_timeout);
    drain();
  }
  void drain() {
    stream_.async_read_some(drain_.prepare(kDrainChunk),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) return;
                              self->drain_.clear();
                              self->drain();
                            });
  }

  static constexpr std::size_t kDrainChunk = 4096;
  beast::tcp_stream stream_;
  std::optional<asio::ssl::stream<beast::tcp_stream&>> tls_;
  const HttpServerOptions& options_;
  std::function<void()> done_;
  bhttp::response<bhttp::string_body> response_;
  beast::flat_buffer drain_;
};

}  // namespace

void refuse_busy(tcp::socket&& socket, asio::ssl::context* tls, const HttpServerOptions& options,
                 std::function<void()> done) {
  std::make_shared<Refusal>(std::move(socket), tls, options, std::move(done))->start();
}

}  // namespace zt::http
