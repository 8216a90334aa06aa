#pragma once
#include <memory>
#include <string>
#include <utility>

#include <opencv2/core.hpp>

#include "p2cv.h"

namespace p2cv {

void set_error(std::string message);

// Runs f, turning every C++ exception into the thread-local error. Returns 0 or -1.
template <class F>
int guard(F&& f) noexcept {
    try {
        std::forward<F>(f)();
        return 0;
    } catch (const cv::Exception& e) {
        set_error(e.what());
    } catch (const std::exception& e) {
        set_error(e.what());
    } catch (...) {
        set_error("unknown C++ exception");
    }
    return -1;
}

// Runs f, which returns a cv::Mat by value, and moves the result to the heap. Null on failure.
template <class F>
p2cv_mat* guard_mat(F&& f) noexcept {
    p2cv_mat* result = nullptr;
    guard([&] { result = std::make_unique<cv::Mat>(std::forward<F>(f)()).release(); });
    return result;
}

inline void require(bool condition, const char* message) {
    if (!condition) throw std::invalid_argument(message);
}

inline const cv::Mat& ref(const p2cv_mat* m) {
    require(m != nullptr, "null Mat handle");
    return *m;
}

inline cv::Mat& ref(p2cv_mat* m) {
    require(m != nullptr, "null Mat handle");
    return *m;
}

inline cv::Scalar scalar(const double* v) {
    require(v != nullptr, "null color");
    return cv::Scalar(v[0], v[1], v[2], v[3]);
}

}  // namespace p2cv
