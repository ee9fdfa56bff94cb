// The multiprecision evaluation of log_gamma_ratio_stirling
// (stirling_series.hpp): the same difference of Stirling series, the same
// terms, stopping rule and error bound, computed on MPFR registers that are
// kept per thread and precision instead of Boost temporaries. At 50–60 digits
// the allocation and copying of those temporaries cost several times the
// arithmetic itself (5.7 µs against ~1.5 µs for lgr(1e15, ½)).
//
// Two further savings, neither changing the bound's form:
//   * ln y by FastLog (table + atanh series, y ≥ X0 > 1);
//   * ln(1 + t) for |t| < 2^−20 by its alternating series (each term ≥ 20
//     bits below the previous one, so a handful of terms; relative error a
//     few u) instead of mpfr_log1p.
// The error-bound arithmetic runs on 64-bit registers rounded upward, so
// the bound never underflows or loses its direction whatever the exponent.
#pragma once

#include "evaluation.hpp"
#include "fast_log.hpp"
#include "mpfr_registers.hpp"
#include "precision.hpp"
#include "stirling_coefficients.hpp"

#include <memory>

namespace sklaws::numerics::detail {

class StirlingDifferenceMp {
public:
    // ln Γ(y) − ln Γ(x), y = x + δ, min(x, y) ≥ X0, at the working precision.
    static Evaluation<mp_real> evaluate(const mp_real& x_in, const mp_real& delta_in, const mp_real& y_in) {
        Evaluation<mp_real> out;  // both at the working precision
        const mpfr_prec_t p = mpfr_get_prec(out.val.backend().data());
        Registers& r = registers(p);
        const unsigned max_terms = stirling_max_terms<mp_real>();
        const std::deque<mp_real>& c = StirlingCoefficients::for_multiprecision(max_terms + 1);
        mpfr_srcptr x = x_in.backend().data();
        mpfr_srcptr delta = delta_in.backend().data();
        mpfr_srcptr y = y_in.backend().data();
        constexpr mpfr_rnd_t N = MPFR_RNDN, U = MPFR_RNDU;

        mpfr_div(r.t, delta, x, N);
        const bool small_t = mpfr_zero_p(r.t) || mpfr_get_exp(r.t) <= -1;  // |t| < ½
        if (mpfr_cmp_d(r.t, -0.5) > 0) {
            log1p_of(r, p);
        } else {
            mpfr_div(r.l1p, y, x, N);  // y ≪ x: the exactly known y, not 1 + t
            mpfr_log(r.l1p, r.l1p, N);
        }
        FastLog::evaluate(r.ln_y, y);
        mpfr_sub_d(r.a, x, 0.5, N);
        mpfr_mul(r.a, r.a, r.l1p, N);       // a = (x − ½) ln(1 + t)
        mpfr_sub_ui(r.b, r.ln_y, 1, N);
        mpfr_mul(r.b, r.b, delta, N);       // b = δ (ln y − 1)
        mpfr_add(r.sum, r.a, r.b, N);
        mpfr_abs(r.magnitude, r.a, U);      // |a| + |δ ln y| + |δ|
        mpfr_mul(r.w, delta, r.ln_y, N);
        add_abs(r, r.magnitude, r.w, 1);
        add_abs(r, r.magnitude, delta, 1);

        mpfr_ui_div(r.x_power, 1, x, N);  // x^{1−2k}
        mpfr_ui_div(r.y_power, 1, y, N);  // y^{1−2k}
        mpfr_mul(r.w, x, x, N);
        mpfr_ui_div(r.inv_x2, 1, r.w, N);
        mpfr_mul(r.w, y, y, N);
        mpfr_ui_div(r.inv_y2, 1, r.w, N);
        mpfr_div(r.f, delta, y, N);
        mpfr_neg(r.f, r.f, N);              // f_1 = −δ/y
        mpfr_add_ui(r.g, r.f, 2, N);
        mpfr_mul(r.g, r.g, r.f, N);         // g = f_1 (2 + f_1)
        unsigned k = 1;
        while (true) {
            mpfr_srcptr ck = c[k - 1].backend().data();
            if (small_t) {
                mpfr_mul(r.term, ck, r.x_power, N);
                mpfr_mul(r.term, r.term, r.f, N);
            } else {
                mpfr_sub(r.term, r.y_power, r.x_power, N);
                mpfr_mul(r.term, r.term, ck, N);
            }
            mpfr_add(r.sum, r.sum, r.term, N);
            add_abs(r, r.magnitude, r.term, k);
            mpfr_mul(r.x_power, r.x_power, r.inv_x2, N);
            mpfr_mul(r.y_power, r.y_power, r.inv_y2, N);
            if (negligible(r.term, r.sum, p) || k == max_terms) break;
            if (small_t) {  // f_{k+1} = f_k + g + f_k g
                mpfr_mul(r.w, r.f, r.g, N);
                mpfr_add(r.f, r.f, r.g, N);
                mpfr_add(r.f, r.f, r.w, N);
            }
            ++k;
        }
        // First omitted term K = k + 1; x_power, y_power hold x^{1−2K}, y^{1−2K}.
        // truncation = min(|c_K| (x^{1−2K} + y^{1−2K}), |δ| (2k+1) |c_K| low^{1−2K}/low)
        mpfr_abs(r.next_c, c[k].backend().data(), U);
        mpfr_add(r.bound_a, r.x_power, r.y_power, U);
        mpfr_mul(r.bound_a, r.bound_a, r.next_c, U);
        const bool x_low = mpfr_less_p(x, y);
        mpfr_abs(r.bound_b, delta, U);
        mpfr_mul_ui(r.bound_b, r.bound_b, 2 * k + 1, U);
        mpfr_mul(r.bound_b, r.bound_b, r.next_c, U);
        mpfr_mul(r.bound_b, r.bound_b, x_low ? r.x_power : r.y_power, U);
        mpfr_div(r.bound_b, r.bound_b, x_low ? x : y, U);
        mpfr_min(r.bound_a, r.bound_a, r.bound_b, U);
        // err = 8u·magnitude + truncation, u = 2^{1−p} (unit_roundoff<mp_real>).
        mpfr_mul_2si(r.magnitude, r.magnitude, 4 - static_cast<long>(p), U);
        mpfr_add(r.bound_a, r.bound_a, r.magnitude, U);
        mpfr_set(out.val.backend().data(), r.sum, N);
        mpfr_set(out.err.backend().data(), r.bound_a, U);
        return out;
    }

private:
    static constexpr mpfr_prec_t bound_bits = 64;

    struct Registers {
        mpfr_t t, l1p, ln_y, a, b, sum, w, x_power, y_power, inv_x2, inv_y2, f, g, term, power;
        mpfr_t magnitude, scratch, next_c, bound_a, bound_b;  // error-bound registers
        explicit Registers(mpfr_prec_t p) {
            mpfr_inits2(p, t, l1p, ln_y, a, b, sum, w, x_power, y_power, inv_x2, inv_y2, f, g, term, power,
                        static_cast<mpfr_ptr>(nullptr));
            mpfr_inits2(bound_bits, magnitude, scratch, next_c, bound_a, bound_b, static_cast<mpfr_ptr>(nullptr));
        }
        ~Registers() {
            mpfr_clears(t, l1p, ln_y, a, b, sum, w, x_power, y_power, inv_x2, inv_y2, f, g, term, power,
                        magnitude, scratch, next_c, bound_a, bound_b, static_cast<mpfr_ptr>(nullptr));
        }
        Registers(const Registers&) = delete;
        Registers& operator=(const Registers&) = delete;
    };

    static Registers& registers(mpfr_prec_t p) { return per_thread_registers<Registers>(p); }

    // total += |v|·k, rounded upward.
    static void add_abs(Registers& r, mpfr_ptr total, mpfr_srcptr v, unsigned long k) {
        mpfr_abs(r.scratch, v, MPFR_RNDU);
        if (k != 1) mpfr_mul_ui(r.scratch, r.scratch, k, MPFR_RNDU);
        mpfr_add(total, total, r.scratch, MPFR_RNDU);
    }

    // |term| ≤ u·|sum| (sufficient test on exponents: |term| < 2^{e_term} ≤ 2^{e_sum − p}).
    static bool negligible(mpfr_srcptr term, mpfr_srcptr sum, mpfr_prec_t p) {
        if (mpfr_zero_p(term)) return true;
        if (mpfr_zero_p(sum)) return false;
        return mpfr_get_exp(term) <= mpfr_get_exp(sum) - p;
    }

    // r.l1p = ln(1 + r.t), t > −½.
    static void log1p_of(Registers& r, mpfr_prec_t p) {
        constexpr mpfr_rnd_t N = MPFR_RNDN;
        if (mpfr_zero_p(r.t) || mpfr_get_exp(r.t) > -20) {
            mpfr_log1p(r.l1p, r.t, N);
            return;
        }
        // t − t²/2 + t³/3 − …: |term_{m+1}| < 2^−20 |term_m|.
        mpfr_set(r.l1p, r.t, N);
        mpfr_set(r.power, r.t, N);
        for (unsigned long m = 2;; ++m) {
            mpfr_mul(r.power, r.power, r.t, N);
            mpfr_neg(r.power, r.power, N);
            mpfr_div_ui(r.w, r.power, m, N);
            mpfr_add(r.l1p, r.l1p, r.w, N);
            if (mpfr_zero_p(r.w) || mpfr_get_exp(r.w) < mpfr_get_exp(r.l1p) - p - 2) break;
        }
    }
};

}  // namespace sklaws::numerics::detail
