#include "zt/testing/http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace zt::testing {

std::string http_get(const std::string& host, int port, const std::string& path) {
  return http_request(host, port, "GET", path);
}

std::string http_request(const std::string& host, int port, const std::string& method,
                         const std::string& path, const std::string& body,
                         const std::vector<std::string>& headers) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  ::inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("http: cannot connect to " + host + ":" + std::to_string(port));
  }
  std::string req =
      method + " " + path + " HTTP/1.0\r\nHost: " + host + "\r\nConnection: close\r\n";
  for (const auto& h : headers) req += h + "\r\n";
  if (!body.empty() || method != "GET")
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  req += "\r\n" + body;
  if (::send(fd, req.data(), req.size(), 0) != static_cast<ssize_t>(req.size())) {
    ::close(fd);
    throw std::runtime_error("http: send failed");
  }
  std::string resp;
  char buf[4096];
  ssize_t n;
  while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) resp.append(buf, static_cast<size_t>(n));
  ::close(fd);
  const std::string status_line = resp.substr(0, resp.find("\r\n"));
  if (resp.rfind("HTTP/1.", 0) != 0 || status_line.size() < 12 || status_line[9] != '2') {
    throw std::runtime_error("http " + method + ": non-2xx response from " + path + ": " +
                             status_line);
  }
  auto at = resp.find("\r\n\r\n");
  return at == std::string::npos ? std::string() : resp.substr(at + 4);
}

}  // namespace zt::testing
