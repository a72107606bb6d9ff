// process_* metrics read from /proc/self at scrape time.
#include <dirent.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include "zt/base/number.h"
#include "zt/metrics/metrics.h"

namespace zt::metrics {
namespace {

struct ProcStat {
  double cpu_seconds = 0;
  double start_time_seconds = 0;
};

double boot_time_seconds() {
  std::ifstream in("/proc/stat");
  std::string key;
  while (in >> key) {
    if (key == "btime") {
      double v = 0;
      in >> v;
      return v;
    }
    in.ignore(1 << 16, '\n');
  }
  return 0;
}

ProcStat read_stat() {
  ProcStat out;
  std::ifstream in("/proc/self/stat");
  std::string line;
  std::getline(in, line);
  auto close = line.rfind(')');
  if (close == std::string::npos) return out;
  std::istringstream rest(line.substr(close + 2));
  std::vector<std::string> f;
  std::string tok;
  while (rest >> tok) f.push_back(tok);
  // Fields after the command: state(3) ... utime(14) stime(15) ... starttime(22).
  if (f.size() < 20) return out;
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  // Clock ticks are integers; a field that is not one reads as 0, never throws.
  auto ticks_of = [&](const std::string& field) {
    return static_cast<double>(parse_int(field).value_or(0)) / ticks;
  };
  out.cpu_seconds = ticks_of(f[11]) + ticks_of(f[12]);
  out.start_time_seconds = boot_time_seconds() + ticks_of(f[19]);
  return out;
}

double resident_bytes() {
  std::ifstream in("/proc/self/statm");
  double size = 0, resident = 0;
  in >> size >> resident;
  return resident * static_cast<double>(sysconf(_SC_PAGESIZE));
}

double open_fds() {
  DIR* d = opendir("/proc/self/fd");
  if (d == nullptr) return 0;
  double n = 0;
  while (readdir(d) != nullptr) ++n;
  closedir(d);
  return n - 3;  // ".", ".." and the directory's own fd
}

prometheus::MetricFamily family(const std::string& name, const std::string& help, prometheus::MetricType type,
                                double value) {
  prometheus::MetricFamily f;
  f.name = name;
  f.help = help;
  f.type = type;
  prometheus::ClientMetric m;
  if (type == prometheus::MetricType::Counter) {
    m.counter.value = value;
  } else {
    m.gauge.value = value;
  }
  f.metric.push_back(m);
  return f;
}

class ProcessCollector : public prometheus::Collectable {
 public:
  std::vector<prometheus::MetricFamily> Collect() const override {
    ProcStat st = read_stat();
    return {
        family("process_cpu_seconds_total", "User and system CPU time, seconds", prometheus::MetricType::Counter,
               st.cpu_seconds),
        family("process_resident_memory_bytes", "Resident memory, bytes", prometheus::MetricType::Gauge,
               resident_bytes()),
        family("process_open_fds", "Open file descriptors", prometheus::MetricType::Gauge, open_fds()),
        family("process_start_time_seconds", "Start time since the Unix epoch, seconds",
               prometheus::MetricType::Gauge, st.start_time_seconds),
    };
  }
};

}  // namespace

std::shared_ptr<prometheus::Collectable> make_process_collector() {
  return std::make_shared<ProcessCollector>();
}

}  // namespace zt::metrics
