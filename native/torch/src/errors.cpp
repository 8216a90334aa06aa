#include "shim.h"

namespace {
thread_local std::string last_error;
}

std::atomic<int64_t> p2p::live_tensors{0};

void p2p::set_error(const char* message) { last_error = message ? message : ""; }

P2P_API const char* p2p_last_error() { return last_error.c_str(); }

P2P_API int64_t p2p_live_tensors() { return p2p::live_tensors.load(std::memory_order_relaxed); }
