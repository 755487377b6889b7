// CGMP: the few lines of C that let Swift call GMP.
//
// GMP's public names are macros (`mpz_add` is `#define mpz_add __gmpz_add`),
// and several of its accessors are function-like macros Swift cannot import
// at all (`mpz_sgn`, `mpq_numref`, `mpq_denref`, `mpz_odd_p`). Each function
// below is a `static inline` forwarder with a stable, importable name; they
// compile to the GMP call itself. See README.md in this folder.
#ifndef CGMP_SHIM_H
#define CGMP_SHIM_H

#include <gmp.h>
#include <stddef.h>

// MARK: - Integers (mpz)

static inline void cgmp_z_init(mpz_ptr r) { mpz_init(r); }
static inline void cgmp_z_init_set(mpz_ptr r, mpz_srcptr a) { mpz_init_set(r, a); }
static inline void cgmp_z_clear(mpz_ptr r) { mpz_clear(r); }
static inline void cgmp_z_set(mpz_ptr r, mpz_srcptr a) { mpz_set(r, a); }
static inline void cgmp_z_set_si(mpz_ptr r, long a) { mpz_set_si(r, a); }
static inline void cgmp_z_set_ui(mpz_ptr r, unsigned long a) { mpz_set_ui(r, a); }
static inline void cgmp_z_swap(mpz_ptr a, mpz_ptr b) { mpz_swap(a, b); }
static inline int cgmp_z_set_str(mpz_ptr r, const char *s, int base) { return mpz_set_str(r, s, base); }
static inline size_t cgmp_z_sizeinbase(mpz_srcptr a, int base) { return mpz_sizeinbase(a, base); }
/// Writes the digits of `a` into `buf`, which must hold `mpz_sizeinbase(a, base) + 2` bytes.
static inline char *cgmp_z_get_str(char *buf, int base, mpz_srcptr a) { return mpz_get_str(buf, base, a); }

static inline void cgmp_z_add(mpz_ptr r, mpz_srcptr a, mpz_srcptr b) { mpz_add(r, a, b); }
static inline void cgmp_z_sub(mpz_ptr r, mpz_srcptr a, mpz_srcptr b) { mpz_sub(r, a, b); }
static inline void cgmp_z_mul(mpz_ptr r, mpz_srcptr a, mpz_srcptr b) { mpz_mul(r, a, b); }
static inline void cgmp_z_mul_ui(mpz_ptr r, mpz_srcptr a, unsigned long b) { mpz_mul_ui(r, a, b); }
static inline void cgmp_z_add_ui(mpz_ptr r, mpz_srcptr a, unsigned long b) { mpz_add_ui(r, a, b); }
static inline void cgmp_z_mul_si(mpz_ptr r, mpz_srcptr a, long b) { mpz_mul_si(r, a, b); }
static inline void cgmp_z_addmul(mpz_ptr r, mpz_srcptr a, mpz_srcptr b) { mpz_addmul(r, a, b); }
static inline void cgmp_z_submul(mpz_ptr r, mpz_srcptr a, mpz_srcptr b) { mpz_submul(r, a, b); }
static inline void cgmp_z_neg(mpz_ptr r, mpz_srcptr a) { mpz_neg(r, a); }
static inline void cgmp_z_abs(mpz_ptr r, mpz_srcptr a) { mpz_abs(r, a); }
static inline void cgmp_z_mul_2exp(mpz_ptr r, mpz_srcptr a, mp_bitcnt_t n) { mpz_mul_2exp(r, a, n); }
static inline void cgmp_z_fdiv_q_2exp(mpz_ptr r, mpz_srcptr a, mp_bitcnt_t n) { mpz_fdiv_q_2exp(r, a, n); }
static inline void cgmp_z_tdiv_qr(mpz_ptr q, mpz_ptr r, mpz_srcptr a, mpz_srcptr b) { mpz_tdiv_qr(q, r, a, b); }
static inline void cgmp_z_fdiv_qr(mpz_ptr q, mpz_ptr r, mpz_srcptr a, mpz_srcptr b) { mpz_fdiv_qr(q, r, a, b); }
static inline void cgmp_z_fdiv_q(mpz_ptr q, mpz_srcptr a, mpz_srcptr b) { mpz_fdiv_q(q, a, b); }
static inline void cgmp_z_cdiv_q(mpz_ptr q, mpz_srcptr a, mpz_srcptr b) { mpz_cdiv_q(q, a, b); }
static inline void cgmp_z_divexact(mpz_ptr q, mpz_srcptr a, mpz_srcptr b) { mpz_divexact(q, a, b); }
static inline int cgmp_z_divisible_p(mpz_srcptr a, mpz_srcptr b) { return mpz_divisible_p(a, b); }
static inline void cgmp_z_gcd(mpz_ptr r, mpz_srcptr a, mpz_srcptr b) { mpz_gcd(r, a, b); }
static inline void cgmp_z_lcm(mpz_ptr r, mpz_srcptr a, mpz_srcptr b) { mpz_lcm(r, a, b); }
static inline void cgmp_z_pow_ui(mpz_ptr r, mpz_srcptr a, unsigned long n) { mpz_pow_ui(r, a, n); }
static inline void cgmp_z_sqrt(mpz_ptr r, mpz_srcptr a) { mpz_sqrt(r, a); }
static inline int cgmp_z_cmp(mpz_srcptr a, mpz_srcptr b) { return mpz_cmp(a, b); }
static inline int cgmp_z_cmpabs(mpz_srcptr a, mpz_srcptr b) { return mpz_cmpabs(a, b); }
static inline int cgmp_z_cmp_si(mpz_srcptr a, long b) { return mpz_cmp_si(a, b); }
static inline int cgmp_z_sgn(mpz_srcptr a) { return mpz_sgn(a); }
static inline int cgmp_z_odd_p(mpz_srcptr a) { return mpz_odd_p(a); }
static inline int cgmp_z_fits_slong_p(mpz_srcptr a) { return mpz_fits_slong_p(a); }
static inline long cgmp_z_get_si(mpz_srcptr a) { return mpz_get_si(a); }
static inline double cgmp_z_get_d(mpz_srcptr a) { return mpz_get_d(a); }
static inline mp_bitcnt_t cgmp_z_scan1(mpz_srcptr a, mp_bitcnt_t start) { return mpz_scan1(a, start); }
static inline int cgmp_z_tstbit(mpz_srcptr a, mp_bitcnt_t bit) { return mpz_tstbit(a, bit); }
static inline size_t cgmp_z_size(mpz_srcptr a) { return mpz_size(a); }
static inline mp_limb_t cgmp_z_getlimbn(mpz_srcptr a, mp_size_t n) { return mpz_getlimbn(a, n); }
static inline unsigned long cgmp_z_fdiv_ui(mpz_srcptr a, unsigned long d) { return mpz_fdiv_ui(a, d); }
/// Bit length of |a| (0 for a = 0).
static inline size_t cgmp_z_bitlength(mpz_srcptr a) { return mpz_sgn(a) == 0 ? 0 : mpz_sizeinbase(a, 2); }

// MARK: - Rationals (mpq)

static inline void cgmp_q_init(mpq_ptr r) { mpq_init(r); }
static inline void cgmp_q_clear(mpq_ptr r) { mpq_clear(r); }
static inline void cgmp_q_set(mpq_ptr r, mpq_srcptr a) { mpq_set(r, a); }
static inline void cgmp_q_set_z(mpq_ptr r, mpz_srcptr a) { mpq_set_z(r, a); }
static inline void cgmp_q_set_si(mpq_ptr r, long n, unsigned long d) { mpq_set_si(r, n, d); }
static inline void cgmp_q_set_d(mpq_ptr r, double d) { mpq_set_d(r, d); }
static inline void cgmp_q_canonicalize(mpq_ptr r) { mpq_canonicalize(r); }
static inline mpz_ptr cgmp_q_numref(mpq_ptr a) { return mpq_numref(a); }
static inline mpz_ptr cgmp_q_denref(mpq_ptr a) { return mpq_denref(a); }
static inline mpz_srcptr cgmp_q_numref_const(mpq_srcptr a) { return mpq_numref(a); }
static inline mpz_srcptr cgmp_q_denref_const(mpq_srcptr a) { return mpq_denref(a); }
static inline void cgmp_q_add(mpq_ptr r, mpq_srcptr a, mpq_srcptr b) { mpq_add(r, a, b); }
static inline void cgmp_q_sub(mpq_ptr r, mpq_srcptr a, mpq_srcptr b) { mpq_sub(r, a, b); }
static inline void cgmp_q_mul(mpq_ptr r, mpq_srcptr a, mpq_srcptr b) { mpq_mul(r, a, b); }
static inline void cgmp_q_div(mpq_ptr r, mpq_srcptr a, mpq_srcptr b) { mpq_div(r, a, b); }
static inline void cgmp_q_neg(mpq_ptr r, mpq_srcptr a) { mpq_neg(r, a); }
static inline void cgmp_q_abs(mpq_ptr r, mpq_srcptr a) { mpq_abs(r, a); }
static inline void cgmp_q_inv(mpq_ptr r, mpq_srcptr a) { mpq_inv(r, a); }
static inline void cgmp_q_mul_2exp(mpq_ptr r, mpq_srcptr a, mp_bitcnt_t n) { mpq_mul_2exp(r, a, n); }
static inline void cgmp_q_div_2exp(mpq_ptr r, mpq_srcptr a, mp_bitcnt_t n) { mpq_div_2exp(r, a, n); }
static inline int cgmp_q_cmp(mpq_srcptr a, mpq_srcptr b) { return mpq_cmp(a, b); }
static inline int cgmp_q_equal(mpq_srcptr a, mpq_srcptr b) { return mpq_equal(a, b); }
static inline int cgmp_q_sgn(mpq_srcptr a) { return mpq_sgn(a); }

// MARK: - Memory functions

typedef void *(*cgmp_alloc_fn)(size_t);
typedef void *(*cgmp_realloc_fn)(void *, size_t, size_t);
typedef void (*cgmp_free_fn)(void *, size_t);
static inline void cgmp_set_memory_functions(cgmp_alloc_fn a, cgmp_realloc_fn r, cgmp_free_fn f) {
    mp_set_memory_functions(a, r, f);
}
static inline void cgmp_get_memory_functions(cgmp_alloc_fn *a, cgmp_realloc_fn *r, cgmp_free_fn *f) {
    mp_get_memory_functions(a, r, f);
}

#endif
