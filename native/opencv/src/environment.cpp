#include "guard.h"

using namespace p2cv;

extern "C" {

const char* p2cv_version(void) {
    static const std::string version = cv::getVersionString();
    return version.c_str();
}

int p2cv_set_num_threads(int n) {
    return guard([&] { cv::setNumThreads(n); });
}

int p2cv_get_num_threads(void) {
    int n = -1;
    guard([&] { n = cv::getNumThreads(); });
    return n;
}

}
