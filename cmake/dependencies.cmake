# Every dependency comes from a Debian 12 package (scripts/install-deps.sh).
find_package(Threads REQUIRED)
find_package(OpenSSL 3.0 REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(Protobuf REQUIRED)
find_package(GTest REQUIRED)
find_package(benchmark REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(spdlog REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(prometheus-cpp CONFIG REQUIRED)

pkg_check_modules(GRPCPP REQUIRED IMPORTED_TARGET grpc++)
pkg_check_modules(PQXX REQUIRED IMPORTED_TARGET libpqxx)
pkg_check_modules(HIREDIS REQUIRED IMPORTED_TARGET hiredis)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)

find_program(ZT_PROTOC protoc REQUIRED)
find_program(ZT_GRPC_CPP_PLUGIN grpc_cpp_plugin REQUIRED)

# Debian ships no pkg-config file for the reflection plugin.
find_library(ZT_GRPCPP_REFLECTION_LIB grpc++_reflection REQUIRED)
add_library(zt_grpc_reflection INTERFACE)
target_link_libraries(zt_grpc_reflection INTERFACE ${ZT_GRPCPP_REFLECTION_LIB} PkgConfig::GRPCPP)
