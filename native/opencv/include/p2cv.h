// C ABI of libpix2pix_opencv. Every function returns 0 / a non-null pointer on success and
// -1 / null on failure; the failure message is then readable through p2cv_last_error().
// Mats are heap cv::Mat* owned by the caller and released with p2cv_mat_delete.
#pragma once
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
namespace cv { class Mat; }
typedef cv::Mat p2cv_mat;
extern "C" {
#else
typedef struct p2cv_mat p2cv_mat;
#endif

#define P2CV_API __attribute__((visibility("default")))

P2CV_API const char* p2cv_last_error(void);

P2CV_API const char* p2cv_version(void);
P2CV_API int p2cv_set_num_threads(int n);
P2CV_API int p2cv_get_num_threads(void);

P2CV_API p2cv_mat* p2cv_mat_new_zeros(int rows, int cols, int type);
P2CV_API p2cv_mat* p2cv_mat_new_copy(int rows, int cols, int type, const void* data, size_t step);
P2CV_API p2cv_mat* p2cv_mat_clone(const p2cv_mat* m);
P2CV_API void p2cv_mat_delete(p2cv_mat* m);
P2CV_API int p2cv_mat_info(const p2cv_mat* m, int* rows, int* cols, int* type, uint8_t** data, size_t* step);

P2CV_API p2cv_mat* p2cv_imdecode(const uint8_t* buf, size_t len, int flags);
P2CV_API int p2cv_imencode(const p2cv_mat* m, const char* ext, const int* params, int nparams,
                           uint8_t** out, size_t* out_len);
P2CV_API void p2cv_free(void* p);

P2CV_API p2cv_mat* p2cv_cvt_color(const p2cv_mat* m, int code);
P2CV_API p2cv_mat* p2cv_convert_to(const p2cv_mat* m, int rtype, double alpha, double beta);
P2CV_API p2cv_mat* p2cv_extract_channel(const p2cv_mat* m, int channel);
P2CV_API p2cv_mat* p2cv_resize(const p2cv_mat* m, int width, int height, int interpolation);
P2CV_API p2cv_mat* p2cv_crop(const p2cv_mat* m, int x, int y, int width, int height);
P2CV_API p2cv_mat* p2cv_flip(const p2cv_mat* m, int code);
P2CV_API int p2cv_copy_to_region(const p2cv_mat* src, p2cv_mat* dst, int x, int y);
P2CV_API p2cv_mat* p2cv_concat(const p2cv_mat* const* mats, int n, int horizontal);
P2CV_API p2cv_mat* p2cv_copy_make_border(const p2cv_mat* m, int top, int bottom, int left, int right,
                                         int border_type, const double* value4);

P2CV_API int p2cv_rectangle(p2cv_mat* m, int x, int y, int width, int height, const double* color4,
                            int thickness, int line_type);
P2CV_API int p2cv_line(p2cv_mat* m, int x1, int y1, int x2, int y2, const double* color4,
                       int thickness, int line_type);
P2CV_API int p2cv_polyline(p2cv_mat* m, const int* xy, int npoints, int closed, const double* color4,
                           int thickness, int line_type);
P2CV_API int p2cv_put_text(p2cv_mat* m, const char* text, int x, int y, int font, double scale,
                           const double* color4, int thickness, int line_type);
P2CV_API int p2cv_get_text_size(const char* text, int font, double scale, int thickness,
                                int* width, int* height, int* baseline);

#ifdef __cplusplus
}
#endif
