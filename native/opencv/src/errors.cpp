#include "guard.h"

namespace {
thread_local std::string last_error;
}

void p2cv::set_error(std::string message) {
    try {
        last_error = std::move(message);
    } catch (...) {
        last_error.clear();
    }
}

extern "C" const char* p2cv_last_error(void) { return last_error.c_str(); }
