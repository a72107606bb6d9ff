#include "controlhub_view.h"

namespace zt::delivery {

ControlHubView::ControlHubView(ControlHubOptions options, const Clock& clock,
                               PolicyMetrics* metrics) {
  if (!options.credentials) return;
  token_ = std::make_unique<ServiceToken>(options.token_url, std::move(*options.credentials), clock);
  client_ = std::make_unique<ControlHubClient>(options.address, *token_);
  devices_ = std::make_unique<ControlHubDevices>(*client_, clock, options.device_cache_ttl);
  watch_ = std::make_unique<OrgPolicyWatch>(*client_, options.watch, metrics);
}

}  // namespace zt::delivery
