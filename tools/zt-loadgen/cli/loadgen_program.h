// zt-loadgen's command line: the keygen, sfu and baseline commands, every
// flag with its default (config::Schema, environment ZT_LOADGEN_*), and the
// LoadOptions a run takes from them.
#pragma once

#include <string>

#include "load_runner.h"
#include "zt/config/command_line.h"

namespace zt::loadgen {

config::Program loadgen_program();

// The options of an sfu or baseline run, without the grant seed (see
// grant_seed.h). Throws config::ConfigError naming the flag out of range.
LoadOptions load_options(const std::string& mode, const config::Config& cfg);

}  // namespace zt::loadgen
