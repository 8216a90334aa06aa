// nn.functional operations; all differentiable through ATen's autograd kernels.
#include "shim.h"

using T = p2p_tensor;
using p2p::opt;

namespace { constexpr int64_t kMean = 1; }  // at::Reduction::Mean

P2P_API T p2p_conv2d(T x, T w, T b, int64_t stride, int64_t padding, int64_t dilation, int64_t groups) {
  P2P_TENSOR(at::conv2d(*x, *w, opt(b), {stride, stride}, {padding, padding}, {dilation, dilation}, groups))
}

P2P_API T p2p_conv_transpose2d(T x, T w, T b, int64_t stride, int64_t padding, int64_t output_padding, int64_t groups, int64_t dilation) {
  P2P_TENSOR(at::conv_transpose2d(*x, *w, opt(b), {stride, stride}, {padding, padding}, {output_padding, output_padding}, groups,
                                  {dilation, dilation}))
}

P2P_API T p2p_batch_norm(T x, T mean, T var, T weight, T bias, int training, double momentum, double eps) {
  P2P_TENSOR(at::batch_norm(*x, opt(weight), opt(bias), opt(mean), opt(var), training != 0, momentum, eps, true))
}

P2P_API T p2p_instance_norm(T x, T mean, T var, T weight, T bias, int use_input_stats, double momentum, double eps) {
  P2P_TENSOR(at::instance_norm(*x, opt(weight), opt(bias), opt(mean), opt(var), use_input_stats != 0, momentum, eps, true))
}

P2P_API T p2p_leaky_relu(T x, double slope) { P2P_TENSOR(at::leaky_relu(*x, slope)) }
P2P_API T p2p_relu(T x) { P2P_TENSOR(at::relu(*x)) }
P2P_API T p2p_tanh(T x) { P2P_TENSOR(at::tanh(*x)) }
P2P_API T p2p_sigmoid(T x) { P2P_TENSOR(at::sigmoid(*x)) }
P2P_API T p2p_dropout(T x, double p, int training) { P2P_TENSOR(at::dropout(*x, p, training != 0)) }
P2P_API T p2p_pixel_shuffle(T x, int64_t factor) { P2P_TENSOR(at::pixel_shuffle(*x, factor)) }

P2P_API T p2p_reflection_pad2d(T x, int64_t l, int64_t r, int64_t t, int64_t b) { P2P_TENSOR(at::reflection_pad2d(*x, {l, r, t, b})) }
P2P_API T p2p_zero_pad2d(T x, int64_t l, int64_t r, int64_t t, int64_t b) { P2P_TENSOR(at::constant_pad_nd(*x, {l, r, t, b}, 0)) }

P2P_API T p2p_l1_loss(T x, T y) { P2P_TENSOR(at::l1_loss(*x, *y, kMean)) }
P2P_API T p2p_mse_loss(T x, T y) { P2P_TENSOR(at::mse_loss(*x, *y, kMean)) }
P2P_API T p2p_bce_with_logits(T x, T y) { P2P_TENSOR(at::binary_cross_entropy_with_logits(*x, *y, {}, {}, kMean)) }

P2P_API int p2p_linalg_qr(T a, T* q, T* r) {
  P2P_TRY
  auto qr = at::linalg_qr(*a);
  *q = p2p::wrap(std::get<0>(qr));
  *r = p2p::wrap(std::get<1>(qr));
  return 0;
  P2P_CATCH(-1)
}
