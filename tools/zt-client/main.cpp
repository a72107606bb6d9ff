// zt-client: the reference client's command line (see docs/client.md).
#include <iostream>

#include "program.h"

int main(int argc, char** argv) {
  std::vector<std::string> words(argv + 1, argv + argc);
  return zt::client::cli::run(words, std::cout, std::cerr);
}
