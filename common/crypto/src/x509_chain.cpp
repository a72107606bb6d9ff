#include "zt/crypto/x509_chain.h"

#include <openssl/x509_vfy.h>

#include "x509_openssl.h"
#include "zt/crypto/x509_certificate.h"

namespace zt::crypto {

using x509_detail::Owned;

Expected<void, std::string> verify_certificate_chain(std::string_view leaf_pem, const ChainCheck& check) {
  try {
    auto leaf = x509_detail::load_certificate(leaf_pem);
    Owned<X509_STORE> store(X509_STORE_new());
    Owned<STACK_OF(X509)> untrusted(sk_X509_new_null());
    x509_detail::check(store && untrusted, "out of memory");
    for (const auto& pem : check.roots_pem) {
      for (const auto& one : split_pem_certificates(pem)) {
        auto root = x509_detail::load_certificate(one);
        x509_detail::check(X509_STORE_add_cert(store.get(), root.get()) == 1, "cannot add trust root");
      }
    }
    for (const auto& pem : check.intermediates_pem) {
      for (const auto& one : split_pem_certificates(pem)) {
        auto cert = x509_detail::load_certificate(one);
        x509_detail::check(sk_X509_push(untrusted.get(), cert.get()) > 0, "out of memory");
        cert.release();  // owned by the stack now
      }
    }
    Owned<X509_STORE_CTX> ctx(X509_STORE_CTX_new());
    x509_detail::check(ctx && X509_STORE_CTX_init(ctx.get(), store.get(), leaf.get(), untrusted.get()) == 1,
                       "cannot set up chain verification");
    X509_STORE_CTX_set_time(ctx.get(), 0, std::chrono::system_clock::to_time_t(check.at));
    if (X509_verify_cert(ctx.get()) == 1) return {};
    int err = X509_STORE_CTX_get_error(ctx.get());
    return unexpected(std::string(X509_verify_cert_error_string(err)));
  } catch (const X509Error& e) {
    return unexpected(std::string(e.what()));
  }
}

}  // namespace zt::crypto
