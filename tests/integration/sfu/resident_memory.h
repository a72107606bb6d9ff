// Resident memory of a process, for tests that show memory stays flat.
// Under AddressSanitizer freed memory sits in a quarantine (hundreds of MB)
// instead of going back to the allocator, so resident memory grows with
// every free and says nothing: those builds check the SFU's own accounting
// only.
#pragma once

#include <sys/types.h>
#include <unistd.h>

#include <cstddef>
#include <fstream>
#include <string>

namespace zt::sfu::testing {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kResidentMemoryIsMeaningful = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kResidentMemoryIsMeaningful = false;
#else
constexpr bool kResidentMemoryIsMeaningful = true;
#endif
#else
constexpr bool kResidentMemoryIsMeaningful = true;
#endif

// VmRSS of `pid` in kB (0 if unreadable).
inline size_t resident_kb(pid_t pid = ::getpid()) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoul(line.substr(6));
  }
  return 0;
}

}  // namespace zt::sfu::testing
