// Connection pool: lease, replace broken connections, prepare statements.
#include "zt/pg/pool.h"

#include <algorithm>
#include <cctype>

#include "zt/log/log.h"

namespace zt::pg {
namespace {

bool unreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
}

// `text` with `password` percent-encoded appended (and `terminator` bytes of
// NUL), written straight into secret memory.
crypto::SecretBytes with_password(std::string_view text, const crypto::SecretBytes& password,
                                  size_t terminator) {
  size_t size = text.size() + terminator;
  for (unsigned char c : password.reveal()) size += unreserved(c) ? 1 : 3;
  crypto::SecretBytes out(size);
  MutableBytesView o = out.reveal_mutable();
  size_t n = std::copy(text.begin(), text.end(), o.begin()) - o.begin();
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : password.reveal()) {
    if (unreserved(c)) {
      o[n++] = c;
    } else {
      o[n++] = '%';
      o[n++] = static_cast<uint8_t>(kHex[c >> 4]);
      o[n++] = static_cast<uint8_t>(kHex[c & 0xF]);
    }
  }
  return out;  // the terminator bytes are already 0
}

crypto::SecretBytes connection_string(const std::string& uri, const crypto::SecretBytes& password,
                                      size_t terminator) {
  if (password.empty()) return with_password(uri, password, terminator);
  const char* param = uri.find('?') == std::string::npos ? "?password=" : "&password=";
  return with_password(uri + param, password, terminator);
}

}  // namespace

crypto::SecretBytes connection_string(const std::string& uri, const crypto::SecretBytes& password) {
  return connection_string(uri, password, 0);
}

Pool::Pool(PoolOptions options)
    : options_(std::move(options)), connection_string_(connection_string(options_.uri, options_.password, 1)) {
  options_.password.wipe();  // the connection string holds it now
  if (options_.size == 0) options_.size = 1;
}

Pool::~Pool() = default;

std::unique_ptr<pqxx::connection> Pool::open() {
  // libpqxx keeps its own copy of the options (a std::string we cannot wipe).
  auto c = std::make_unique<pqxx::connection>(
      reinterpret_cast<const char*>(connection_string_.reveal().data()));
  std::vector<Statement> statements;
  {
    std::lock_guard lock(mu_);
    statements = options_.statements;
  }
  for (const Statement& s : statements) c->prepare(s.name, s.sql);
  return c;
}

Pool::Lease Pool::acquire() {
  std::unique_lock lock(mu_);
  const bool ok = cv_.wait_for(lock, options_.acquire_timeout,
                               [&] { return !idle_.empty() || leased_ < options_.size; });
  if (!ok) throw PoolError("postgres pool: no connection free within the acquire timeout");
  Lease lease;
  lease.pool = this;
  if (!idle_.empty()) {
    lease.connection = std::move(idle_.back());
    idle_.pop_back();
    ++leased_;
    update_gauges_locked();
    return lease;
  }
  ++leased_;
  update_gauges_locked();
  lock.unlock();
  try {
    lease.connection = open();
  } catch (...) {
    lease.pool = nullptr;
    release(nullptr, true);
    throw;
  }
  return lease;
}

void Pool::release(std::unique_ptr<pqxx::connection> connection, bool broken) {
  {
    std::lock_guard lock(mu_);
    --leased_;
    if (connection && !broken && connection->is_open()) {
      idle_.push_back(std::move(connection));
    } else if (connection) {
      ++reconnects_;
      if (metrics_.reconnects != nullptr) metrics_.reconnects->Increment();
    }
    update_gauges_locked();
  }
  cv_.notify_one();
  if (broken && connection) log::warn("postgres connection broken; it will be replaced");
}

Pool::Lease::~Lease() {
  if (pool != nullptr) pool->release(std::move(connection), broken);
}

void Pool::check() {
  try {
    run([](pqxx::connection& c) {
      pqxx::nontransaction tx(c);
      tx.exec("SELECT 1");
      return 0;
    });
  } catch (const pqxx::broken_connection& e) {
    // libpq messages name host, user and cause, never the password.
    throw PoolError("postgres: cannot connect to " + options_.uri + ": " + e.what());
  } catch (const pqxx::sql_error& e) {
    throw PoolError("postgres: check query failed on " + options_.uri + ": " + e.what());
  }
}

std::size_t Pool::open_connections() const {
  std::lock_guard lock(mu_);
  return idle_.size() + leased_;
}

std::size_t Pool::reconnects() const {
  std::lock_guard lock(mu_);
  return reconnects_;
}

void Pool::update_gauges_locked() {
  if (metrics_.idle == nullptr) return;
  metrics_.idle->Set(static_cast<double>(idle_.size()));
  metrics_.leased->Set(static_cast<double>(leased_));
}

void Pool::export_metrics(prometheus::Registry& registry) {
  auto& connections = prometheus::BuildGauge()
                          .Name("zt_pg_pool_connections")
                          .Help("PostgreSQL pool connections, by state")
                          .Register(registry);
  auto& reconnects = prometheus::BuildCounter()
                         .Name("zt_pg_pool_reconnects_total")
                         .Help("PostgreSQL connections replaced after a failure")
                         .Register(registry);
  std::lock_guard lock(mu_);
  metrics_.idle = &connections.Add({{"state", "idle"}});
  metrics_.leased = &connections.Add({{"state", "leased"}});
  metrics_.reconnects = &reconnects.Add({});
  metrics_.reconnects->Increment(static_cast<double>(reconnects_));
  update_gauges_locked();
}

void Pool::add_statement(Statement statement) {
  std::lock_guard lock(mu_);
  options_.statements.push_back(statement);
  for (auto& c : idle_) c->prepare(statement.name, statement.sql);
}

}  // namespace zt::pg
