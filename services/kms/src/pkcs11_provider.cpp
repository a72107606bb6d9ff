#include "pkcs11_provider.h"

#include <dlfcn.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <set>
#include <stdexcept>

#include "domain_error.h"
#include "zt/crypto/error.h"

// Last: the PKCS#11 header defines lower-case compatibility macros.
#include <p11-kit-1/p11-kit/pkcs11.h>

namespace zt::kms {
namespace {

constexpr size_t kNonce = 12;
constexpr size_t kTag = 16;
constexpr const char* kLabelPrefix = "zt-kms-master-v";

std::string hex_rv(CK_RV rv) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%08lx", static_cast<unsigned long>(rv));
  return buf;
}

void check(CK_RV rv, const char* call) {
  if (rv != CKR_OK) throw std::runtime_error(std::string("PKCS#11 ") + call + ": CKR " + hex_rv(rv));
}

std::string label_of(int version) { return kLabelPrefix + std::to_string(version); }

}  // namespace

struct Pkcs11Provider::Module {
  void* lib = nullptr;
  CK_FUNCTION_LIST_PTR fn = nullptr;
  CK_SESSION_HANDLE session = 0;
  bool initialized = false;
};

Pkcs11Provider::Pkcs11Provider(Pkcs11Options options) : module_(std::make_unique<Module>()) {
  Module& m = *module_;
  m.lib = ::dlopen(options.module_path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!m.lib) throw std::runtime_error("cannot load PKCS#11 module " + options.module_path);
  auto get_list = reinterpret_cast<CK_C_GetFunctionList>(::dlsym(m.lib, "C_GetFunctionList"));
  if (!get_list) throw std::runtime_error(options.module_path + " is not a PKCS#11 module");
  check(get_list(&m.fn), "C_GetFunctionList");
  CK_C_INITIALIZE_ARGS init{};
  init.flags = CKF_OS_LOCKING_OK;
  CK_RV rv = m.fn->C_Initialize(&init);
  if (rv != CKR_OK && rv != CKR_CRYPTOKI_ALREADY_INITIALIZED) check(rv, "C_Initialize");
  m.initialized = rv == CKR_OK;
  CK_ULONG n = 0;
  check(m.fn->C_GetSlotList(CK_TRUE, nullptr, &n), "C_GetSlotList");
  std::vector<CK_SLOT_ID> slots(n);
  check(m.fn->C_GetSlotList(CK_TRUE, slots.data(), &n), "C_GetSlotList");
  std::optional<CK_SLOT_ID> slot;
  for (CK_ULONG i = 0; i < n && !slot; ++i) {
    CK_TOKEN_INFO info;
    if (m.fn->C_GetTokenInfo(slots[i], &info) != CKR_OK) continue;
    std::string label(reinterpret_cast<const char*>(info.label), sizeof info.label);
    label.erase(label.find_last_not_of(' ') + 1);
    if (label == options.token_label) slot = slots[i];
  }
  if (!slot) throw std::runtime_error("no PKCS#11 token labelled \"" + options.token_label + "\"");
  check(m.fn->C_OpenSession(*slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr,
                            &m.session),
        "C_OpenSession");
  auto pin = options.pin.reveal();
  rv = m.fn->C_Login(m.session, CKU_USER, const_cast<CK_UTF8CHAR_PTR>(pin.data()), pin.size());
  if (rv != CKR_OK && rv != CKR_USER_ALREADY_LOGGED_IN) check(rv, "C_Login");
  options.pin.wipe();
  std::lock_guard lock(mu_);
  list_keys_locked();
}

Pkcs11Provider::~Pkcs11Provider() {
  Module& m = *module_;
  if (m.fn) {
    m.fn->C_Logout(m.session);
    m.fn->C_CloseSession(m.session);
    if (m.initialized) m.fn->C_Finalize(nullptr);
  }
  if (m.lib) ::dlclose(m.lib);
}

void Pkcs11Provider::list_keys_locked() {
  Module& m = *module_;
  CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
  CK_KEY_TYPE type = CKK_AES;
  CK_ATTRIBUTE query[] = {{CKA_CLASS, &cls, sizeof cls}, {CKA_KEY_TYPE, &type, sizeof type}};
  check(m.fn->C_FindObjectsInit(m.session, query, 2), "C_FindObjectsInit");
  std::vector<CK_OBJECT_HANDLE> found;
  for (;;) {
    CK_OBJECT_HANDLE batch[64];
    CK_ULONG got = 0;
    if (m.fn->C_FindObjects(m.session, batch, 64, &got) != CKR_OK || got == 0) break;
    found.insert(found.end(), batch, batch + got);
  }
  m.fn->C_FindObjectsFinal(m.session);
  std::map<int, CK_OBJECT_HANDLE> keys;
  for (CK_OBJECT_HANDLE h : found) {
    char label[128] = {};
    CK_ATTRIBUTE a = {CKA_LABEL, label, sizeof label - 1};
    if (m.fn->C_GetAttributeValue(m.session, h, &a, 1) != CKR_OK) continue;
    std::string text(label, a.ulValueLen);
    if (text.rfind(kLabelPrefix, 0) != 0) continue;
    std::string digits = text.substr(std::strlen(kLabelPrefix));
    if (digits.empty() || digits.size() > 6 ||
        digits.find_first_not_of("0123456789") != std::string::npos)
      continue;
    keys[std::stoi(digits)] = h;
  }
  keys_ = std::move(keys);
}

int Pkcs11Provider::current_version() const {
  std::lock_guard lock(mu_);
  return keys_.empty() ? 0 : keys_.rbegin()->first;
}

std::vector<int> Pkcs11Provider::versions() const {
  std::lock_guard lock(mu_);
  std::vector<int> out;
  for (const auto& [v, h] : keys_) out.push_back(v);
  return out;
}

unsigned long Pkcs11Provider::handle(int version) const {
  auto it = keys_.find(version);
  if (it == keys_.end()) {
    throw DomainError(ErrorCode::kUnavailable,
                      "master key version " + std::to_string(version) + " is not in the HSM token");
  }
  return it->second;
}

Bytes Pkcs11Provider::wrap(int version, BytesView aad, const crypto::SecretBytes& content_key,
                           crypto::RandomSource& random) {
  Bytes out = random.bytes(kNonce);
  Bytes aad_copy(aad.begin(), aad.end());
  CK_GCM_PARAMS gcm{};
  gcm.pIv = out.data();
  gcm.ulIvLen = kNonce;
  gcm.ulIvBits = kNonce * 8;
  gcm.pAAD = aad_copy.data();
  gcm.ulAADLen = aad_copy.size();
  gcm.ulTagBits = kTag * 8;
  CK_MECHANISM mech = {CKM_AES_GCM, &gcm, sizeof gcm};
  Bytes sealed(content_key.size() + kTag);
  CK_ULONG len = sealed.size();
  std::lock_guard lock(mu_);
  Module& m = *module_;
  check(m.fn->C_EncryptInit(m.session, &mech, handle(version)), "C_EncryptInit");
  auto plain = content_key.reveal();
  check(m.fn->C_Encrypt(m.session, const_cast<CK_BYTE_PTR>(plain.data()), plain.size(),
                        sealed.data(), &len),
        "C_Encrypt");
  sealed.resize(len);
  out.insert(out.end(), sealed.begin(), sealed.end());
  return out;
}

crypto::SecretBytes Pkcs11Provider::unwrap(int version, BytesView aad, BytesView wrapped) {
  if (wrapped.size() < kNonce + kTag)
    throw crypto::CryptoError(crypto::CryptoErrorCode::kInvalidInput, "wrapped key too short");
  Bytes nonce(wrapped.begin(), wrapped.begin() + kNonce);
  Bytes aad_copy(aad.begin(), aad.end());
  Bytes sealed(wrapped.begin() + kNonce, wrapped.end());
  CK_GCM_PARAMS gcm{};
  gcm.pIv = nonce.data();
  gcm.ulIvLen = kNonce;
  gcm.ulIvBits = kNonce * 8;
  gcm.pAAD = aad_copy.data();
  gcm.ulAADLen = aad_copy.size();
  gcm.ulTagBits = kTag * 8;
  CK_MECHANISM mech = {CKM_AES_GCM, &gcm, sizeof gcm};
  crypto::SecretBytes out(sealed.size());
  CK_ULONG len = out.size();
  std::lock_guard lock(mu_);
  Module& m = *module_;
  check(m.fn->C_DecryptInit(m.session, &mech, handle(version)), "C_DecryptInit");
  CK_RV rv = m.fn->C_Decrypt(m.session, sealed.data(), sealed.size(), out.reveal_mutable().data(),
                             &len);
  if (rv != CKR_OK) {
    throw crypto::CryptoError(crypto::CryptoErrorCode::kAuthenticationFailed,
                              "the HSM did not open the wrapped key");
  }
  return crypto::SecretBytes(out.reveal().subspan(0, len));
}

void Pkcs11Provider::reload() {
  std::lock_guard lock(mu_);
  list_keys_locked();
}

void Pkcs11Provider::create_version(int version) {
  std::lock_guard lock(mu_);
  if (keys_.count(version)) throw std::invalid_argument("version exists in the token");
  Module& m = *module_;
  std::string label = label_of(version);
  CK_OBJECT_CLASS cls = CKO_SECRET_KEY;
  CK_KEY_TYPE type = CKK_AES;
  CK_ULONG len = 32;
  CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
  CK_ATTRIBUTE t[] = {{CKA_CLASS, &cls, sizeof cls},
                      {CKA_KEY_TYPE, &type, sizeof type},
                      {CKA_VALUE_LEN, &len, sizeof len},
                      {CKA_LABEL, label.data(), label.size()},
                      {CKA_TOKEN, &yes, sizeof yes},
                      {CKA_PRIVATE, &yes, sizeof yes},
                      {CKA_SENSITIVE, &yes, sizeof yes},
                      {CKA_EXTRACTABLE, &no, sizeof no},
                      {CKA_ENCRYPT, &yes, sizeof yes},
                      {CKA_DECRYPT, &yes, sizeof yes}};
  CK_MECHANISM mech = {CKM_AES_KEY_GEN, nullptr, 0};
  CK_OBJECT_HANDLE h = 0;
  check(m.fn->C_GenerateKey(m.session, &mech, t, sizeof t / sizeof t[0], &h), "C_GenerateKey");
  list_keys_locked();
}

bool Pkcs11Provider::key_is_sealed_in_token(int version) const {
  std::lock_guard lock(mu_);
  Module& m = *module_;
  unsigned char buf[64];
  CK_ATTRIBUTE a = {CKA_VALUE, buf, sizeof buf};
  CK_RV rv = m.fn->C_GetAttributeValue(m.session, handle(version), &a, 1);
  std::memset(buf, 0, sizeof buf);
  return rv == CKR_ATTRIBUTE_SENSITIVE;
}

CompositeProvider::CompositeProvider(std::vector<std::unique_ptr<MasterKeyProvider>> providers)
    : providers_(std::move(providers)) {
  std::set<int> seen;
  for (const auto& p : providers_) {
    for (int v : p->versions()) {
      if (!seen.insert(v).second) {
        throw std::invalid_argument("master key version " + std::to_string(v) +
                                    " is held by two providers (key file and HSM)");
      }
    }
  }
}

int CompositeProvider::current_version() const {
  int v = 0;
  for (const auto& p : providers_) v = std::max(v, p->current_version());
  return v;
}

std::vector<int> CompositeProvider::versions() const {
  std::vector<int> out;
  for (const auto& p : providers_) {
    auto vs = p->versions();
    out.insert(out.end(), vs.begin(), vs.end());
  }
  std::sort(out.begin(), out.end());
  return out;
}

MasterKeyProvider& CompositeProvider::holder(int version) const {
  for (const auto& p : providers_) {
    auto vs = p->versions();
    if (std::find(vs.begin(), vs.end(), version) != vs.end()) return *p;
  }
  throw DomainError(ErrorCode::kUnavailable,
                    "master key version " + std::to_string(version) + " is not loaded by this KMS");
}

Bytes CompositeProvider::wrap(int version, BytesView aad, const crypto::SecretBytes& key,
                              crypto::RandomSource& random) {
  return holder(version).wrap(version, aad, key, random);
}

crypto::SecretBytes CompositeProvider::unwrap(int version, BytesView aad, BytesView wrapped) {
  return holder(version).unwrap(version, aad, wrapped);
}

void CompositeProvider::reload() {
  for (auto& p : providers_) p->reload();
}

}  // namespace zt::kms
