# Helpers every zt target uses. One place decides warnings, sanitizers,
# test labels, fuzz and benchmark wiring.

set(ZT_WARNINGS -Wall -Wextra -Wno-missing-field-initializers)
if(ZT_WERROR)
  list(APPEND ZT_WARNINGS -Werror)
endif()

if(ZT_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
if(ZT_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

# zt_apply_options(<target>): warnings and common definitions for our own code.
function(zt_apply_options target)
  target_compile_options(${target} PRIVATE ${ZT_WARNINGS})
endfunction()

# zt_library(<name> SOURCES ... [DEPS ...] [PRIVATE_DEPS ...])
# A library under common/<lib>: include/ is public, src/ private.
function(zt_library name)
  cmake_parse_arguments(A "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${A_SOURCES})
  target_include_directories(${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
                                     PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${A_DEPS} PRIVATE ${A_PRIVATE_DEPS})
  zt_apply_options(${name})
endfunction()

# zt_test(<name> SOURCES ... LIBS ... LABELS unit|vectors|pg|redis|e2e [TIMEOUT s])
# Registers a GoogleTest binary as one ctest case. unit and vectors tests are
# hermetic and also run in the sanitizer pass.
function(zt_test name)
  cmake_parse_arguments(A "" "TIMEOUT" "SOURCES;LIBS;LABELS;INCLUDES" ${ARGN})
  add_executable(${name} ${A_SOURCES})
  target_link_libraries(${name} PRIVATE ${A_LIBS} GTest::gtest GTest::gmock GTest::gtest_main Threads::Threads)
  target_include_directories(${name} PRIVATE ${A_INCLUDES})
  zt_apply_options(${name})
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  add_test(NAME ${name} COMMAND ${name} --gtest_brief=1)
  if(NOT A_TIMEOUT)
    set(A_TIMEOUT 300)
  endif()
  set_tests_properties(${name} PROPERTIES LABELS "${A_LABELS}" TIMEOUT ${A_TIMEOUT}
    ENVIRONMENT "ZT_VECTORS_DIR=${ZT_VECTORS_DIR};ZT_SOURCE_DIR=${CMAKE_SOURCE_DIR};ZT_BIN_DIR=${CMAKE_BINARY_DIR}/bin")
  if("unit" IN_LIST A_LABELS OR "vectors" IN_LIST A_LABELS)
    set_property(GLOBAL APPEND PROPERTY ZT_HERMETIC_TARGETS ${name})
  endif()
endfunction()

# zt_fuzz(<name> SOURCES ... LIBS ...): a libFuzzer target fuzz_<name>.
# With ZT_FUZZ it links libFuzzer; otherwise a small driver replays the seed
# corpus tests/fuzz/corpus/<name>/ as a unit test, so every build exercises it.
function(zt_fuzz name)
  cmake_parse_arguments(A "" "" "SOURCES;LIBS" ${ARGN})
  set(target fuzz_${name})
  if(ZT_FUZZ)
    add_executable(${target} ${A_SOURCES})
    target_link_options(${target} PRIVATE -fsanitize=fuzzer)
  else()
    add_executable(${target} ${A_SOURCES} ${CMAKE_SOURCE_DIR}/tests/fuzz/replay_main.cpp)
  endif()
  target_link_libraries(${target} PRIVATE ${A_LIBS})
  zt_apply_options(${target})
  set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/fuzz)
  set_property(GLOBAL APPEND PROPERTY ZT_FUZZ_TARGETS ${target})
  if(NOT ZT_FUZZ)
    add_test(NAME ${target}_corpus COMMAND ${target} ${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/${name})
    set_tests_properties(${target}_corpus PROPERTIES LABELS "unit;fuzz" TIMEOUT 300)
    set_property(GLOBAL APPEND PROPERTY ZT_HERMETIC_TARGETS ${target})
  endif()
endfunction()

# zt_bench(<name> SOURCES ... LIBS ...): a Google Benchmark binary bench_<name>,
# run by `make bench` with JSON output under build/bench/.
function(zt_bench name)
  cmake_parse_arguments(A "" "" "SOURCES;LIBS" ${ARGN})
  set(target bench_${name})
  add_executable(${target} ${A_SOURCES})
  target_link_libraries(${target} PRIVATE ${A_LIBS} benchmark::benchmark Threads::Threads)
  zt_apply_options(${target})
  set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bench-bin)
  set_property(GLOBAL APPEND PROPERTY ZT_BENCH_TARGETS ${target})
endfunction()

# zt_proto(<target> PROTOS a.proto ... [IMPORT_DIRS ...] [DEPS ...])
# Generates protobuf and gRPC C++ code into the build tree and wraps it in a
# static library. Import paths are relative to proto/ (package paths zt/<svc>/v1).
function(zt_proto target)
  cmake_parse_arguments(A "" "ROOT" "PROTOS;DEPS" ${ARGN})
  if(NOT A_ROOT)
    set(A_ROOT ${CMAKE_SOURCE_DIR}/proto)
  endif()
  set(out ${CMAKE_BINARY_DIR}/gen)
  file(MAKE_DIRECTORY ${out})
  set(srcs)
  foreach(p ${A_PROTOS})
    get_filename_component(abs ${p} ABSOLUTE)
    file(RELATIVE_PATH rel ${A_ROOT} ${abs})
    string(REGEX REPLACE "\\.proto$" "" base ${rel})
    set(gen ${out}/${base}.pb.cc ${out}/${base}.pb.h ${out}/${base}.grpc.pb.cc ${out}/${base}.grpc.pb.h)
    add_custom_command(
      OUTPUT ${gen}
      COMMAND ${ZT_PROTOC} --proto_path=${A_ROOT} --proto_path=${CMAKE_SOURCE_DIR}/proto
              --cpp_out=${out} --grpc_out=${out} --plugin=protoc-gen-grpc=${ZT_GRPC_CPP_PLUGIN} ${abs}
      DEPENDS ${abs} VERBATIM)
    list(APPEND srcs ${out}/${base}.pb.cc ${out}/${base}.grpc.pb.cc)
  endforeach()
  add_library(${target} STATIC ${srcs})
  target_include_directories(${target} SYSTEM PUBLIC ${out})
  target_link_libraries(${target} PUBLIC protobuf::libprotobuf PkgConfig::GRPCPP ${A_DEPS})
endfunction()

# Call after every subdirectory: aggregate targets used by the Makefile.
function(zt_aggregate_targets)
  get_property(hermetic GLOBAL PROPERTY ZT_HERMETIC_TARGETS)
  get_property(fuzzers GLOBAL PROPERTY ZT_FUZZ_TARGETS)
  get_property(benches GLOBAL PROPERTY ZT_BENCH_TARGETS)
  add_custom_target(zt_hermetic)
  add_custom_target(zt_fuzzers)
  add_custom_target(zt_benches)
  if(hermetic)
    add_dependencies(zt_hermetic ${hermetic})
  endif()
  if(fuzzers)
    add_dependencies(zt_fuzzers ${fuzzers})
  endif()
  if(benches)
    add_dependencies(zt_benches ${benches})
  endif()
  string(REPLACE ";" "\n" fuzz_lines "${fuzzers}")
  file(WRITE ${CMAKE_BINARY_DIR}/fuzz-targets.txt "${fuzz_lines}\n")
  string(REPLACE ";" "\n" bench_lines "${benches}")
  file(WRITE ${CMAKE_BINARY_DIR}/bench-targets.txt "${bench_lines}\n")
endfunction()
