#include <string>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "guard.h"

using namespace p2cv;

extern "C" {

int p2cv_rectangle(p2cv_mat* m, int x, int y, int width, int height, const double* color4, int thickness,
                   int line_type) {
    return guard([&] {
        cv::rectangle(ref(m), cv::Rect(x, y, width, height), scalar(color4), thickness, line_type);
    });
}

int p2cv_line(p2cv_mat* m, int x1, int y1, int x2, int y2, const double* color4, int thickness, int line_type) {
    return guard([&] {
        cv::line(ref(m), cv::Point(x1, y1), cv::Point(x2, y2), scalar(color4), thickness, line_type);
    });
}

int p2cv_polyline(p2cv_mat* m, const int* xy, int npoints, int closed, const double* color4, int thickness,
                  int line_type) {
    return guard([&] {
        require(xy != nullptr || npoints == 0, "null points");
        std::vector<cv::Point> points;
        points.reserve(npoints);
        for (int i = 0; i < npoints; ++i) points.emplace_back(xy[2 * i], xy[2 * i + 1]);
        cv::polylines(ref(m), points, closed != 0, scalar(color4), thickness, line_type);
    });
}

int p2cv_put_text(p2cv_mat* m, const char* text, int x, int y, int font, double scale, const double* color4,
                  int thickness, int line_type) {
    return guard([&] {
        require(text != nullptr, "null text");
        cv::putText(ref(m), text, cv::Point(x, y), font, scale, scalar(color4), thickness, line_type);
    });
}

int p2cv_get_text_size(const char* text, int font, double scale, int thickness, int* width, int* height,
                       int* baseline) {
    return guard([&] {
        require(text != nullptr, "null text");
        int base = 0;
        cv::Size size = cv::getTextSize(text, font, scale, thickness, &base);
        *width = size.width;
        *height = size.height;
        *baseline = base;
    });
}

}
