#ifndef DIAGNOSE_CCRYPTO_SHIM_H
#define DIAGNOSE_CCRYPTO_SHIM_H
#include <openssl/hmac.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/crypto.h>

/* One-shot HMAC-SHA256; returns 1 on success. `out` must hold 32 bytes. */
static inline int diagnose_hmac_sha256(const void *key, int key_len, const unsigned char *data, size_t data_len,
                                       unsigned char *out) {
    unsigned int out_len = 0;
    return HMAC(EVP_sha256(), key, key_len, data, data_len, out, &out_len) != NULL && out_len == 32;
}

#if OPENSSL_VERSION_NUMBER >= 0x30000000L
#include <pthread.h>
/* OpenSSL 3's one-shot SHA256() looks the algorithm up in the provider on every call (about 20,000 instructions
   for a short key); the implementation is fetched once instead. */
static EVP_MD *diagnose_sha256_md = NULL;
static pthread_once_t diagnose_sha256_once = PTHREAD_ONCE_INIT;
static void diagnose_sha256_fetch(void) { diagnose_sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL); }
#endif

/* SHA-256 digest; `out` must hold 32 bytes. */
static inline void diagnose_sha256(const unsigned char *data, size_t len, unsigned char *out) {
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
    pthread_once(&diagnose_sha256_once, diagnose_sha256_fetch);
    if (diagnose_sha256_md != NULL && EVP_Digest(data, len, out, NULL, diagnose_sha256_md, NULL) == 1) return;
#endif
    SHA256(data, len, out);
}

/* Constant-time comparison of two equal-length buffers; returns 0 when equal. */
static inline int diagnose_memcmp_const(const void *a, const void *b, size_t len) {
    return CRYPTO_memcmp(a, b, len);
}
#endif
