// Backward passes, autograd.grad and the thread-local grad mode.
#include "shim.h"

#include <torch/csrc/autograd/autograd.h>

using T = p2p_tensor;

namespace {
std::vector<at::Tensor> list(const T* items, int64_t n) {
  std::vector<at::Tensor> v;
  v.reserve(n);
  for (int64_t i = 0; i < n; ++i) v.push_back(*items[i]);
  return v;
}
}  // namespace

P2P_API int p2p_backward(T t, T gradient, int retain_graph, int create_graph) {
  P2P_STATUS(t->backward(gradient ? *gradient : at::Tensor(), retain_graph != 0, create_graph != 0))
}

// grad_outputs may be null (n_outputs implicit ones); writes n_inputs new handles to out.
P2P_API int p2p_grad(const T* outputs, int64_t n_outputs, const T* inputs, int64_t n_inputs, const T* grad_outputs,
                     int retain_graph, int create_graph, T* out) {
  P2P_TRY
  auto grads = torch::autograd::grad(list(outputs, n_outputs), list(inputs, n_inputs),
                                     grad_outputs ? list(grad_outputs, n_outputs) : std::vector<at::Tensor>{},
                                     retain_graph != 0, create_graph != 0, false);
  for (int64_t i = 0; i < n_inputs; ++i) out[i] = p2p::wrap(grads[i]);
  return 0;
  P2P_CATCH(-1)
}

P2P_API int p2p_is_grad_enabled() { return at::GradMode::is_enabled() ? 1 : 0; }
P2P_API void p2p_set_grad_enabled(int enabled) { at::GradMode::set_enabled(enabled != 0); }

// PyTorch's `p.grad = None`: the next backward stores its gradient instead of adding into a zeroed one.
P2P_API int p2p_tensor_reset_grad(T t) { P2P_STATUS(t->mutable_grad().reset()) }
