// Process-wide settings: version, build configuration, devices, threads, random generators.
#include "shim.h"

#include <ATen/Parallel.h>
#include <ATen/Version.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include <cstring>
#include <mutex>

namespace {
// Copies s (NUL-terminated) into dst when it fits; always returns the size needed including the NUL.
int64_t copy_string(const std::string& s, char* dst, int64_t capacity) {
  int64_t needed = static_cast<int64_t>(s.size()) + 1;
  if (dst != nullptr && capacity >= needed) std::memcpy(dst, s.c_str(), needed);
  return needed;
}
}  // namespace

P2P_API const char* p2p_version() { return TORCH_VERSION; }
P2P_API int64_t p2p_show_config(char* dst, int64_t capacity) { P2P_TRY return copy_string(at::show_config(), dst, capacity); P2P_CATCH(-1) }
P2P_API int64_t p2p_parallel_info(char* dst, int64_t capacity) { P2P_TRY return copy_string(at::get_parallel_info(), dst, capacity); P2P_CATCH(-1) }

P2P_API int p2p_cuda_is_available() { P2P_TRY return torch::cuda::is_available() ? 1 : 0; P2P_CATCH(-1) }
P2P_API int p2p_cuda_device_count() { P2P_TRY return static_cast<int>(torch::cuda::device_count()); P2P_CATCH(-1) }

P2P_API int p2p_manual_seed(int64_t seed) { P2P_STATUS(at::manual_seed(static_cast<uint64_t>(seed))) }
P2P_API int p2p_set_num_threads(int n) { P2P_STATUS(at::set_num_threads(n)) }
P2P_API int p2p_get_num_threads() { P2P_TRY return at::get_num_threads(); P2P_CATCH(-1) }

// CPU generator state as bytes: returns the size; copies when capacity suffices.
P2P_API int64_t p2p_get_rng_state(uint8_t* dst, int64_t capacity) {
  P2P_TRY
  auto gen = at::detail::getDefaultCPUGenerator();
  at::Tensor state;
  {
    std::lock_guard<std::mutex> lock(gen.mutex());
    state = gen.get_state();
  }
  int64_t n = state.numel();
  if (dst != nullptr && capacity >= n) std::memcpy(dst, state.data_ptr<uint8_t>(), n);
  return n;
  P2P_CATCH(-1)
}

P2P_API int p2p_set_rng_state(const uint8_t* src, int64_t n) {
  P2P_TRY
  auto state = at::empty({n}, at::kByte);
  std::memcpy(state.data_ptr<uint8_t>(), src, n);
  auto gen = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(gen.mutex());
  gen.set_state(state);
  return 0;
  P2P_CATCH(-1)
}
