// The HTTP /metrics endpoint (prometheus-cpp pull, civetweb underneath).
#include <prometheus/exposer.h>

#include <stdexcept>

#include "zt/metrics/metrics.h"

namespace zt::metrics {

Exposer::Exposer(const std::string& address, std::shared_ptr<prometheus::Registry> registry) {
  try {
    exposer_ = std::make_unique<prometheus::Exposer>(address, /*num_threads=*/2);
  } catch (const std::exception&) {
    throw std::runtime_error("metrics: cannot listen on " + address);
  }
  exposer_->RegisterCollectable(registry);
  static const std::shared_ptr<prometheus::Collectable> kProcess = make_process_collector();
  exposer_->RegisterCollectable(kProcess);
}

Exposer::~Exposer() = default;

int Exposer::port() const {
  auto ports = exposer_->GetListeningPorts();
  return ports.empty() ? 0 : ports.front();
}

}  // namespace zt::metrics
