// Common plumbing of the C ABI: handle type, error capture, exception fence.
#pragma once

#include <ATen/ATen.h>
#include <c10/util/Exception.h>

#include <atomic>
#include <cstdint>
#include <string>

#define P2P_API extern "C" __attribute__((visibility("default")))

typedef at::Tensor* p2p_tensor;

namespace p2p {

void set_error(const char* message);
extern std::atomic<int64_t> live_tensors;

inline p2p_tensor wrap(at::Tensor t) {
  auto* h = new at::Tensor(std::move(t));
  live_tensors.fetch_add(1, std::memory_order_relaxed);
  return h;
}

inline c10::optional<at::Tensor> opt(p2p_tensor t) {
  if (t == nullptr) return c10::nullopt;
  return *t;
}

inline at::Device device(int type, int index) {
  return at::Device(static_cast<c10::DeviceType>(type), static_cast<c10::DeviceIndex>(index));
}

inline at::TensorOptions options(int dtype, int dev_type, int dev_index) {
  return at::TensorOptions().dtype(static_cast<at::ScalarType>(dtype)).device(device(dev_type, dev_index));
}

}  // namespace p2p

// Every exported function body is wrapped in P2P_TRY ... P2P_CATCH(value returned on failure).
#define P2P_TRY try {
#define P2P_CATCH(failure)                                \
  }                                                       \
  catch (const c10::Error& e) {                           \
    p2p::set_error(e.what_without_backtrace());           \
    return failure;                                       \
  }                                                       \
  catch (const std::exception& e) {                       \
    p2p::set_error(e.what());                             \
    return failure;                                       \
  }                                                       \
  catch (...) {                                           \
    p2p::set_error("unknown native exception");          \
    return failure;                                       \
  }

// Shorthands for the two common shapes of a function: returns a new tensor / returns a status code.
#define P2P_TENSOR(expr) P2P_TRY return p2p::wrap(expr); P2P_CATCH(nullptr)
#define P2P_STATUS(stmt) P2P_TRY stmt; return 0; P2P_CATCH(-1)
