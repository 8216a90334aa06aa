// Tensor factories. Shapes arrive as (pointer, length); dtype/device as c10 codes.
#include "shim.h"

namespace {

at::IntArrayRef dims(const int64_t* shape, int64_t n) { return {shape, static_cast<size_t>(n)}; }

p2p_tensor leaf(at::Tensor t, int requires_grad) {
  if (requires_grad) t.set_requires_grad(true);
  return p2p::wrap(std::move(t));
}

std::vector<at::Tensor> list(const p2p_tensor* items, int64_t n) {
  std::vector<at::Tensor> v;
  v.reserve(n);
  for (int64_t i = 0; i < n; ++i) v.push_back(*items[i]);
  return v;
}

}  // namespace

#define P2P_FACTORY(name, call)                                                                          \
  P2P_API p2p_tensor name(const int64_t* shape, int64_t n, int dtype, int dev_type, int dev_index, int rg) { \
    P2P_TRY auto o = p2p::options(dtype, dev_type, dev_index); return leaf(call, rg); P2P_CATCH(nullptr)      \
  }

P2P_FACTORY(p2p_zeros, at::zeros(dims(shape, n), o))
P2P_FACTORY(p2p_ones, at::ones(dims(shape, n), o))
P2P_FACTORY(p2p_empty, at::empty(dims(shape, n), o))
P2P_FACTORY(p2p_rand, at::rand(dims(shape, n), o))
P2P_FACTORY(p2p_randn, at::randn(dims(shape, n), o))

P2P_API p2p_tensor p2p_full(const int64_t* shape, int64_t n, double value, int dtype, int dev_type, int dev_index, int rg) {
  P2P_TRY return leaf(at::full(dims(shape, n), value, p2p::options(dtype, dev_type, dev_index)), rg); P2P_CATCH(nullptr)
}

// Copies count elements of dtype from data into a new tensor of the given shape and device.
P2P_API p2p_tensor p2p_from_data(const void* data, const int64_t* shape, int64_t n, int dtype, int dev_type, int dev_index, int rg) {
  P2P_TRY
  auto cpu = at::from_blob(const_cast<void*>(data), dims(shape, n), at::TensorOptions().dtype(static_cast<at::ScalarType>(dtype)));
  auto d = p2p::device(dev_type, dev_index);
  return leaf(d.is_cpu() ? cpu.clone() : cpu.to(d), rg);
  P2P_CATCH(nullptr)
}

P2P_API p2p_tensor p2p_cat(const p2p_tensor* items, int64_t n, int64_t dim) { P2P_TENSOR(at::cat(list(items, n), dim)) }
P2P_API p2p_tensor p2p_stack(const p2p_tensor* items, int64_t n, int64_t dim) { P2P_TENSOR(at::stack(list(items, n), dim)) }
