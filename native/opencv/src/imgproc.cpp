#include <vector>

#include <opencv2/imgproc.hpp>

#include "guard.h"

using namespace p2cv;

extern "C" {

p2cv_mat* p2cv_cvt_color(const p2cv_mat* m, int code) {
    return guard_mat([&] {
        cv::Mat out;
        cv::cvtColor(ref(m), out, code);
        return out;
    });
}

p2cv_mat* p2cv_convert_to(const p2cv_mat* m, int rtype, double alpha, double beta) {
    return guard_mat([&] {
        cv::Mat out;
        ref(m).convertTo(out, rtype, alpha, beta);
        return out;
    });
}

p2cv_mat* p2cv_extract_channel(const p2cv_mat* m, int channel) {
    return guard_mat([&] {
        cv::Mat out;
        cv::extractChannel(ref(m), out, channel);
        return out;
    });
}

p2cv_mat* p2cv_resize(const p2cv_mat* m, int width, int height, int interpolation) {
    return guard_mat([&] {
        cv::Mat out;
        cv::resize(ref(m), out, cv::Size(width, height), 0, 0, interpolation);
        return out;
    });
}

p2cv_mat* p2cv_crop(const p2cv_mat* m, int x, int y, int width, int height) {
    return guard_mat([&] { return ref(m)(cv::Rect(x, y, width, height)).clone(); });
}

p2cv_mat* p2cv_flip(const p2cv_mat* m, int code) {
    return guard_mat([&] {
        cv::Mat out;
        cv::flip(ref(m), out, code);
        return out;
    });
}

int p2cv_copy_to_region(const p2cv_mat* src, p2cv_mat* dst, int x, int y) {
    return guard([&] {
        const cv::Mat& s = ref(src);
        cv::Mat region = ref(dst)(cv::Rect(x, y, s.cols, s.rows));
        require(region.type() == s.type(), "source and destination types differ");
        s.copyTo(region);
    });
}

p2cv_mat* p2cv_concat(const p2cv_mat* const* mats, int n, int horizontal) {
    return guard_mat([&] {
        require(mats != nullptr && n > 0, "nothing to concatenate");
        std::vector<cv::Mat> parts;
        parts.reserve(n);
        for (int i = 0; i < n; ++i) parts.push_back(ref(mats[i]));
        cv::Mat out;
        if (horizontal)
            cv::hconcat(parts, out);
        else
            cv::vconcat(parts, out);
        return out;
    });
}

p2cv_mat* p2cv_copy_make_border(const p2cv_mat* m, int top, int bottom, int left, int right, int border_type,
                                const double* value4) {
    return guard_mat([&] {
        cv::Mat out;
        cv::copyMakeBorder(ref(m), out, top, bottom, left, right, border_type, scalar(value4));
        return out;
    });
}

}
