// Element-wise arithmetic, reductions, comparisons and in-place updates.
#include "shim.h"

using T = p2p_tensor;

// A whole-number scalar applied to an integer tensor stays an integer (counters such as num_batches_tracked).
static at::Scalar scalar_like(const at::Tensor& t, double v) {
  if (at::isIntegralType(t.scalar_type(), /*includeBool=*/false) && v == static_cast<double>(static_cast<int64_t>(v)))
    return at::Scalar(static_cast<int64_t>(v));
  return at::Scalar(v);
}

P2P_API T p2p_add(T a, T b, double alpha) { P2P_TENSOR(at::add(*a, *b, alpha)) }
P2P_API T p2p_sub(T a, T b, double alpha) { P2P_TENSOR(at::sub(*a, *b, alpha)) }
P2P_API T p2p_mul(T a, T b) { P2P_TENSOR(at::mul(*a, *b)) }
P2P_API T p2p_div(T a, T b) { P2P_TENSOR(at::div(*a, *b)) }
P2P_API T p2p_pow_tensor(T a, T b) { P2P_TENSOR(at::pow(*a, *b)) }
P2P_API T p2p_add_scalar(T a, double s) { P2P_TENSOR(at::add(*a, s)) }
P2P_API T p2p_rsub_scalar(T a, double s) { P2P_TENSOR(at::rsub(*a, s)) }
P2P_API T p2p_mul_scalar(T a, double s) { P2P_TENSOR(at::mul(*a, s)) }
P2P_API T p2p_div_scalar(T a, double s) { P2P_TENSOR(at::div(*a, s)) }
P2P_API T p2p_rdiv_scalar(T a, double s) { P2P_TENSOR(at::mul(at::reciprocal(*a), s)) }
P2P_API T p2p_pow(T a, double e) { P2P_TENSOR(at::pow(*a, e)) }
P2P_API T p2p_matmul(T a, T b) { P2P_TENSOR(at::matmul(*a, *b)) }

P2P_API T p2p_neg(T a) { P2P_TENSOR(at::neg(*a)) }
P2P_API T p2p_abs(T a) { P2P_TENSOR(at::abs(*a)) }
P2P_API T p2p_sqrt(T a) { P2P_TENSOR(at::sqrt(*a)) }
P2P_API T p2p_exp(T a) { P2P_TENSOR(at::exp(*a)) }
P2P_API T p2p_log(T a) { P2P_TENSOR(at::log(*a)) }
P2P_API T p2p_sign(T a) { P2P_TENSOR(at::sign(*a)) }
P2P_API T p2p_clamp(T a, double lo, double hi) { P2P_TENSOR(at::clamp(*a, lo, hi)) }

P2P_API T p2p_mean(T a) { P2P_TENSOR(at::mean(*a)) }
P2P_API T p2p_sum(T a) { P2P_TENSOR(at::sum(*a)) }
P2P_API T p2p_mean_dims(T a, const int64_t* d, int64_t n, int keepdim) { P2P_TENSOR(at::mean(*a, at::IntArrayRef(d, static_cast<size_t>(n)), keepdim != 0)) }
P2P_API T p2p_sum_dims(T a, const int64_t* d, int64_t n, int keepdim) { P2P_TENSOR(at::sum(*a, at::IntArrayRef(d, static_cast<size_t>(n)), keepdim != 0)) }
P2P_API T p2p_max(T a) { P2P_TENSOR(at::max(*a)) }
P2P_API T p2p_min(T a) { P2P_TENSOR(at::min(*a)) }

// Comparisons return float32 0/1 so that callers never meet bool tensors.
P2P_API T p2p_eq(T a, T b) { P2P_TENSOR(at::eq(*a, *b).to(at::kFloat)) }
P2P_API T p2p_gt_scalar(T a, double s) { P2P_TENSOR(at::gt(*a, s).to(at::kFloat)) }
P2P_API T p2p_lt_scalar(T a, double s) { P2P_TENSOR(at::lt(*a, s).to(at::kFloat)) }

P2P_API int p2p_zero_(T a) { P2P_STATUS(a->zero_()) }
P2P_API int p2p_fill_(T a, double v) { P2P_STATUS(a->fill_(v)) }
P2P_API int p2p_copy_(T a, T src) { P2P_STATUS(a->copy_(*src)) }
P2P_API int p2p_add_(T a, T b, double alpha) { P2P_STATUS(a->add_(*b, alpha)) }
P2P_API int p2p_add_scalar_(T a, double s) { P2P_STATUS(a->add_(scalar_like(*a, s))) }
P2P_API int p2p_mul_scalar_(T a, double s) { P2P_STATUS(a->mul_(scalar_like(*a, s))) }
P2P_API int p2p_mul_(T a, T b) { P2P_STATUS(a->mul_(*b)) }
P2P_API int p2p_div_(T a, T b) { P2P_STATUS(a->div_(*b)) }
P2P_API int p2p_addcmul_(T a, T b, T c, double v) { P2P_STATUS(a->addcmul_(*b, *c, v)) }
P2P_API int p2p_addcdiv_(T a, T b, T c, double v) { P2P_STATUS(a->addcdiv_(*b, *c, v)) }
P2P_API int p2p_sqrt_(T a) { P2P_STATUS(a->sqrt_()) }
P2P_API int p2p_clamp_(T a, double lo, double hi) { P2P_STATUS(a->clamp_(lo, hi)) }
P2P_API int p2p_normal_(T a, double mean, double std) { P2P_STATUS(a->normal_(mean, std)) }
P2P_API int p2p_uniform_(T a, double from, double to) { P2P_STATUS(a->uniform_(from, to)) }
