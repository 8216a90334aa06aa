// Fused optimizer arithmetic: one pass over a parameter's memory instead of eight ATen kernels.
#include "shim.h"

#include <ATen/Parallel.h>
#include <cmath>

using T = p2p_tensor;

// Adam without weight decay, PyTorch's formula:
//   m = b1·m + (1−b1)·g;  v = b2·v + (1−b2)·g²;  p −= step_size · m / (√v / bc2_sqrt + eps)
// Float32 CPU tensors of one size take the fused loop; anything else runs the same formula as ATen ops.
P2P_API int p2p_adam_step_(T param, T grad, T exp_avg, T exp_avg_sq, double beta1, double beta2, double eps,
                           double step_size, double bias_correction2_sqrt) {
  P2P_TRY
  auto& p = *param;
  const auto& g = *grad;
  auto& m = *exp_avg;
  auto& v = *exp_avg_sq;
  const bool fused = p.device().is_cpu() && p.scalar_type() == at::kFloat && g.scalar_type() == at::kFloat &&
                     m.scalar_type() == at::kFloat && v.scalar_type() == at::kFloat && p.is_contiguous() &&
                     g.is_contiguous() && m.is_contiguous() && v.is_contiguous() && p.numel() == g.numel() &&
                     p.numel() == m.numel() && p.numel() == v.numel();
  if (!fused) {
    m.mul_(beta1).add_(g, 1 - beta1);
    v.mul_(beta2).addcmul_(g, g, 1 - beta2);
    auto denom = (v.sqrt() / bias_correction2_sqrt).add_(eps);
    p.addcdiv_(m, denom, -step_size);
    return 0;
  }
  float* P = p.data_ptr<float>();
  const float* G = g.data_ptr<float>();
  float* M = m.data_ptr<float>();
  float* V = v.data_ptr<float>();
  const float b1 = static_cast<float>(beta1), c1 = static_cast<float>(1 - beta1);
  const float b2 = static_cast<float>(beta2), c2 = static_cast<float>(1 - beta2);
  const float e = static_cast<float>(eps), s = static_cast<float>(step_size);
  const float inv_bc2 = static_cast<float>(1.0 / bias_correction2_sqrt);
  at::parallel_for(0, p.numel(), 1 << 15, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      const float gi = G[i];
      const float mi = b1 * M[i] + c1 * gi;
      const float vi = b2 * V[i] + c2 * gi * gi;
      M[i] = mi;
      V[i] = vi;
      P[i] -= s * mi / (std::sqrt(vi) * inv_bc2 + e);
    }
  });
  return 0;
  P2P_CATCH(-1)
}
