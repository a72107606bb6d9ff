#include "sfu_app.h"

#include "zt/stun/hmac_integrity_key.h"

namespace zt::sfu {
namespace {

std::unique_ptr<stun::IntegrityKey> hmac_key(const std::string& password) {
  return std::make_unique<stun::HmacIntegrityKey>(as_bytes(password));
}

}  // namespace

SfuApp::SfuApp(SfuAppOptions options, auth::JwksFetcher grant_keys, const Clock& clock,
               std::function<void(MutableBytesView)> random, MeetingRegistry* meetings,
               prometheus::Registry* metrics)
    : workers_(options.workers == 0 ? 1 : options.workers),
      router_(options.router, random, hmac_key),
      udp_(router_, parse_endpoint(options.udp_address), workers_, options.worker),
      verifier_(std::move(grant_keys), clock),
      metrics_(metrics ? std::make_unique<SfuMetrics>(*metrics, router_, udp_.latency()) : nullptr),
      service_(router_, verifier_,
               options.public_udp_address.empty() ? to_string(udp_.local_endpoint())
                                                  : options.public_udp_address,
               clock, std::move(random), meetings, options.service) {}

}  // namespace zt::sfu
