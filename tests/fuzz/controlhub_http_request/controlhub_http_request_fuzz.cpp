// Fuzzes whole raw HTTP/1.1 requests through the REST listener's request
// parser (the same limits, read by the same Beast algorithms) and Control
// Hub's real REST API: routing, bearer authentication, body parsing and the
// error mapping. Input: one byte choosing how many bytes each read returns
// (0: all at once), then the bytes a client sends on one connection
// (several requests may be pipelined). The directory is the in-memory Store;
// signing keys and idempotency need PostgreSQL, which is not reachable, so
// those paths answer 500 "internal" through the API's own mapping.
//
// Properties: nothing escapes the API (the listener's last-resort counter
// stays at 0); every status is a real one; a request the parser refuses is
// answered 4xx and ends the connection; a target with a byte outside visible
// ASCII is 400; every JSON body parses; every response serializes.
#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>
#include <streambuf>
#include <string>

#include "memory_store.h"
#include "rest_api.h"
#include "zt/base/clock.h"
#include "zt/http/beast_message.h"
#include "zt/http/exchange.h"
#include "zt/http/server_metrics.h"
#include "zt/log/log.h"
#include "zt/pg/pool.h"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using namespace zt::controlhub;
using namespace zt::http;

// Requests a client may pipeline on one connection before the target stops.
constexpr int kMaxRequests = 8;

// A SyncReadStream over the fuzz input, `chunk` bytes per read at most.
class InputStream {
 public:
  InputStream(const uint8_t* data, size_t size, size_t chunk)
      : data_(data), size_(size), chunk_(chunk) {}

  template <class Buffers>
  size_t read_some(const Buffers& buffers, beast::error_code& ec) {
    ec = {};
    if (used_ == size_) {
      ec = asio::error::eof;
      return 0;
    }
    size_t n =
        asio::buffer_copy(buffers, asio::buffer(data_ + used_, std::min(chunk_, size_ - used_)));
    used_ += n;
    return n;
  }
  template <class Buffers>
  size_t read_some(const Buffers& buffers) {
    beast::error_code ec;
    size_t n = read_some(buffers, ec);
    if (ec) throw beast::system_error(ec);
    return n;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t chunk_;
  size_t used_ = 0;
};

class NullBuffer : public std::streambuf {
 protected:
  int overflow(int c) override { return c; }
};

class NoPublisher : public PolicyPublisher {
 public:
  void policy_changed(const OrgSettings&) override {}
  void principals_revoked(const std::vector<std::string>&) override {}
};

// Control Hub's REST API on the in-memory Store, over a pool that can never connect.
struct Api {
  Api()
      : pool({.uri = "postgresql:///zt?host=/nonexistent-zt-fuzz", .size = 1}),
        vault(zt::crypto::SecretBytes(zt::as_bytes("zt-fuzz-master-secret-0123456789")),
              zt::crypto::SystemRandom::instance()),
        tokens(pool, vault, zt::SystemClock::instance(), zt::crypto::SystemRandom::instance(),
               std::chrono::seconds(3600)),
        gate(store, tokens.verifier(), zt::SystemClock::instance()),
        ca(pool, vault, zt::SystemClock::instance(), std::chrono::seconds(86400)),
        idempotency(pool),
        http_metrics(register_http_server_metrics(registry, "controlhub")),
        api_metrics(register_api_metrics(registry)),
        api(ApiDeps{store, tokens, gate, ca, publisher, idempotency, zt::SystemClock::instance(),
                    zt::crypto::SystemRandom::instance(), &api_metrics}),
        handler([this](const HttpRequest& r) { return api.handle(r); }) {
    zt::log::set_output_for_testing(&quiet);
  }

  NullBuffer sink;
  std::ostream quiet{&sink};
  zt::pg::Pool pool;
  testing::MemoryStore store;
  KeyVault vault;
  TokenIssuer tokens;
  PrincipalGate gate;
  OrgCa ca;
  NoPublisher publisher;
  IdempotencyStore idempotency;
  prometheus::Registry registry;
  HttpServerMetrics http_metrics;
  ApiMetrics api_metrics;
  RestApi api;
  HttpHandler handler;

  double escaped() {
    return http_metrics.unhandled_exceptions
        .Add({{"site", std::string(exception_site_name(ExceptionSite::kHandler))}})
        .Value();
  }
};

bool parser_error(beast::error_code ec) {
  return ec && ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category() &&
         ec != bhttp::error::end_of_stream;
}

void check(const Answer& a, const RequestParser& parser, beast::error_code ec) {
  const HttpResponse& r = a.response;
  if (r.status < 100 || r.status > 599) std::abort();
  if (parser_error(ec) && (r.status < 400 || r.status > 499 || a.keep_alive)) std::abort();
  if (!ec) {
    auto target = parser.get().target();
    if (!is_valid_target(std::string_view(target.data(), target.size())) && r.status != 400)
      std::abort();
  }
  auto type = r.headers.find("Content-Type");
  if (type != r.headers.end() && type->second.rfind("application/json", 0) == 0 &&
      !r.body.empty() &&
      nlohmann::json::parse(r.body, nullptr, /*allow_exceptions=*/false).is_discarded()) {
    std::abort();
  }
  std::ostringstream wire;
  wire << to_beast(r, parser.get().version(), a.keep_alive, "zt-controlhub");
  if (wire.str().empty()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Api* api = new Api();  // never destroyed: libFuzzer exits without running destructors
  if (size == 0) return 0;
  size_t chunk = data[0] == 0 ? size : data[0];
  InputStream in(data + 1, size - 1, chunk);
  beast::flat_buffer buffer;
  double escaped_before = api->escaped();
  for (int i = 0; i < kMaxRequests; ++i) {
    RequestParser parser;
    configure_parser(parser);
    beast::error_code ec;
    bhttp::read_header(in, buffer, parser, ec);
    if (!ec && wants_body(parser)) bhttp::read(in, buffer, parser, ec);
    auto a = answer(parser, ec, api->handler, api->http_metrics);
    if (!a) break;
    check(*a, parser, ec);
    if (!a->keep_alive || a->refused) break;
  }
  if (api->escaped() != escaped_before) std::abort();
  return 0;
}
