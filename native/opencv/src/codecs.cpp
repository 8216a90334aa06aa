#include <cstdlib>
#include <cstring>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include "guard.h"

using namespace p2cv;

extern "C" {

p2cv_mat* p2cv_imdecode(const uint8_t* buf, size_t len, int flags) {
    return guard_mat([&] {
        require(buf != nullptr && len > 0, "image data is empty");
        const cv::Mat raw(1, static_cast<int>(len), CV_8UC1, const_cast<uint8_t*>(buf));
        cv::Mat decoded = cv::imdecode(raw, flags);
        if (decoded.empty())
            throw std::runtime_error("unrecognised image format, or corrupt or truncated image data");
        return decoded;
    });
}

int p2cv_imencode(const p2cv_mat* m, const char* ext, const int* params, int nparams, uint8_t** out,
                  size_t* out_len) {
    *out = nullptr;
    *out_len = 0;
    return guard([&] {
        require(ext != nullptr, "null extension");
        std::vector<int> options(params, params + (params ? nparams : 0));
        std::vector<uchar> encoded;
        if (!cv::imencode(ext, ref(m), encoded, options))
            throw std::runtime_error(std::string("the ") + ext + " encoder rejected the image");
        auto* copy = static_cast<uint8_t*>(std::malloc(encoded.size() ? encoded.size() : 1));
        if (!copy) throw std::bad_alloc();
        std::memcpy(copy, encoded.data(), encoded.size());
        *out = copy;
        *out_len = encoded.size();
    });
}

void p2cv_free(void* p) { std::free(p); }

}
