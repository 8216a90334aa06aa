// Tensor lifetime, metadata, conversions and data transfer.
#include "shim.h"

#include <cstring>

P2P_API void p2p_tensor_free(p2p_tensor t) {
  if (t == nullptr) return;
  delete t;
  p2p::live_tensors.fetch_sub(1, std::memory_order_relaxed);
}

P2P_API int64_t p2p_tensor_dim(p2p_tensor t) { P2P_TRY return t->dim(); P2P_CATCH(-1) }

P2P_API int p2p_tensor_sizes(p2p_tensor t, int64_t* out, int64_t capacity) {
  P2P_TRY
  auto sizes = t->sizes();
  if (static_cast<int64_t>(sizes.size()) > capacity) throw std::invalid_argument("sizes buffer too small");
  std::memcpy(out, sizes.data(), sizes.size() * sizeof(int64_t));
  return 0;
  P2P_CATCH(-1)
}

P2P_API int64_t p2p_tensor_numel(p2p_tensor t) { P2P_TRY return t->numel(); P2P_CATCH(-1) }
P2P_API int p2p_tensor_dtype(p2p_tensor t) { P2P_TRY return static_cast<int>(t->scalar_type()); P2P_CATCH(-1) }

P2P_API int p2p_tensor_device(p2p_tensor t, int* type, int* index) {
  P2P_STATUS(auto d = t->device(); *type = static_cast<int>(d.type()); *index = d.index())
}

P2P_API int p2p_tensor_requires_grad(p2p_tensor t) { P2P_TRY return t->requires_grad() ? 1 : 0; P2P_CATCH(-1) }
P2P_API int p2p_tensor_set_requires_grad(p2p_tensor t, int v) { P2P_STATUS(t->set_requires_grad(v != 0)) }
P2P_API int p2p_tensor_is_leaf(p2p_tensor t) { P2P_TRY return t->is_leaf() ? 1 : 0; P2P_CATCH(-1) }

P2P_API int p2p_tensor_grad(p2p_tensor t, p2p_tensor* out) {
  P2P_TRY
  const auto& g = t->grad();
  *out = g.defined() ? p2p::wrap(g) : nullptr;
  return 0;
  P2P_CATCH(-1)
}

P2P_API int p2p_tensor_is_contiguous(p2p_tensor t, int memory_format) {
  P2P_TRY return t->is_contiguous(static_cast<at::MemoryFormat>(memory_format)) ? 1 : 0; P2P_CATCH(-1)
}

P2P_API p2p_tensor p2p_tensor_to_device(p2p_tensor t, int type, int index) { P2P_TENSOR(t->to(p2p::device(type, index))) }
P2P_API p2p_tensor p2p_tensor_to_dtype(p2p_tensor t, int dtype) { P2P_TENSOR(t->to(static_cast<at::ScalarType>(dtype))) }
P2P_API p2p_tensor p2p_tensor_detach(p2p_tensor t) { P2P_TENSOR(t->detach()) }
P2P_API p2p_tensor p2p_tensor_clone(p2p_tensor t) { P2P_TENSOR(t->clone()) }
P2P_API p2p_tensor p2p_tensor_alias(p2p_tensor t) { P2P_TENSOR(*t) }
P2P_API p2p_tensor p2p_tensor_contiguous(p2p_tensor t, int memory_format) {
  P2P_TENSOR(t->contiguous(static_cast<at::MemoryFormat>(memory_format)))
}

P2P_API p2p_tensor p2p_tensor_reshape(p2p_tensor t, const int64_t* shape, int64_t n) { P2P_TENSOR(t->reshape({shape, static_cast<size_t>(n)})) }
P2P_API p2p_tensor p2p_tensor_view(p2p_tensor t, const int64_t* shape, int64_t n) { P2P_TENSOR(t->view({shape, static_cast<size_t>(n)})) }
P2P_API p2p_tensor p2p_tensor_permute(p2p_tensor t, const int64_t* dims, int64_t n) { P2P_TENSOR(t->permute({dims, static_cast<size_t>(n)})) }
P2P_API p2p_tensor p2p_tensor_flatten(p2p_tensor t, int64_t start, int64_t end) { P2P_TENSOR(t->flatten(start, end)) }
P2P_API p2p_tensor p2p_tensor_transpose(p2p_tensor t, int64_t d0, int64_t d1) { P2P_TENSOR(t->transpose(d0, d1)) }
P2P_API p2p_tensor p2p_tensor_diagonal(p2p_tensor t) { P2P_TENSOR(t->diagonal()) }
P2P_API p2p_tensor p2p_tensor_slice(p2p_tensor t, int64_t dim, int64_t start, int64_t end, int64_t step) {
  P2P_TENSOR(t->slice(dim, start, end, step))
}
P2P_API p2p_tensor p2p_tensor_narrow(p2p_tensor t, int64_t dim, int64_t start, int64_t length) { P2P_TENSOR(t->narrow(dim, start, length)) }

// Copies the elements, converted to dtype, in row-major order to dst (count elements exactly).
P2P_API int p2p_tensor_copy_out(p2p_tensor t, int dtype, void* dst, int64_t count) {
  P2P_TRY
  at::NoGradGuard no_grad;
  auto c = t->to(at::kCPU, static_cast<at::ScalarType>(dtype)).contiguous();
  if (c.numel() != count) throw std::invalid_argument("destination has " + std::to_string(count) + " elements, tensor has " + std::to_string(c.numel()));
  std::memcpy(dst, c.data_ptr(), count * c.element_size());
  return 0;
  P2P_CATCH(-1)
}

P2P_API int p2p_tensor_item(p2p_tensor t, double* out) { P2P_STATUS(*out = t->item<double>()) }
