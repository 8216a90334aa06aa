#include <cstring>

#include "guard.h"

using namespace p2cv;

extern "C" {

p2cv_mat* p2cv_mat_new_zeros(int rows, int cols, int type) {
    return guard_mat([&] { return cv::Mat(cv::Mat::zeros(rows, cols, type)); });
}

p2cv_mat* p2cv_mat_new_copy(int rows, int cols, int type, const void* data, size_t step) {
    return guard_mat([&] {
        require(data != nullptr || rows == 0 || cols == 0, "null pixel data");
        cv::Mat view(rows, cols, type, const_cast<void*>(data), step == 0 ? static_cast<size_t>(cv::Mat::AUTO_STEP) : step);
        return view.clone();
    });
}

p2cv_mat* p2cv_mat_clone(const p2cv_mat* m) {
    return guard_mat([&] { return ref(m).clone(); });
}

void p2cv_mat_delete(p2cv_mat* m) { delete m; }

int p2cv_mat_info(const p2cv_mat* m, int* rows, int* cols, int* type, uint8_t** data, size_t* step) {
    return guard([&] {
        const cv::Mat& mat = ref(m);
        require(mat.dims <= 2, "Mat has more than two dimensions");
        *rows = mat.rows;
        *cols = mat.cols;
        *type = mat.type();
        *data = mat.data;
        *step = mat.step[0];
    });
}

}
