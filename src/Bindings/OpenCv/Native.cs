using System.Runtime.InteropServices;

namespace Pix2Pix.OpenCv;

/// <summary>Every entry point of libpix2pix_opencv (native/opencv/include/p2cv.h).</summary>
internal static unsafe partial class Native
{
    private const string Lib = "pix2pix_opencv";

    [LibraryImport(Lib)] internal static partial IntPtr p2cv_last_error();

    [LibraryImport(Lib)] internal static partial IntPtr p2cv_version();
    [LibraryImport(Lib)] internal static partial int p2cv_set_num_threads(int n);
    [LibraryImport(Lib)] internal static partial int p2cv_get_num_threads();

    [LibraryImport(Lib)] internal static partial MatHandle p2cv_mat_new_zeros(int rows, int cols, int type);
    [LibraryImport(Lib)] internal static partial MatHandle p2cv_mat_new_copy(int rows, int cols, int type, void* data, nuint step);
    [LibraryImport(Lib)] internal static partial MatHandle p2cv_mat_clone(MatHandle m);
    [LibraryImport(Lib)] internal static partial void p2cv_mat_delete(IntPtr m);
    [LibraryImport(Lib)] internal static partial int p2cv_mat_info(MatHandle m, out int rows, out int cols, out int type, out byte* data, out nuint step);

    [LibraryImport(Lib)] internal static partial MatHandle p2cv_imdecode(byte* buf, nuint len, int flags);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int p2cv_imencode(MatHandle m, string ext, int* options, int count, out IntPtr data, out nuint length);
    [LibraryImport(Lib)] internal static partial void p2cv_free(IntPtr p);

    [LibraryImport(Lib)] internal static partial MatHandle p2cv_cvt_color(MatHandle m, int code);
    [LibraryImport(Lib)] internal static partial MatHandle p2cv_convert_to(MatHandle m, int type, double alpha, double beta);
    [LibraryImport(Lib)] internal static partial MatHandle p2cv_extract_channel(MatHandle m, int channel);
    [LibraryImport(Lib)] internal static partial MatHandle p2cv_resize(MatHandle m, int width, int height, int interpolation);
    [LibraryImport(Lib)] internal static partial MatHandle p2cv_crop(MatHandle m, int x, int y, int width, int height);
    [LibraryImport(Lib)] internal static partial MatHandle p2cv_flip(MatHandle m, int code);
    [LibraryImport(Lib)] internal static partial int p2cv_copy_to_region(MatHandle src, MatHandle dst, int x, int y);
    [LibraryImport(Lib)] internal static partial MatHandle p2cv_concat(IntPtr* mats, int count, int horizontal);
    [LibraryImport(Lib)] internal static partial MatHandle p2cv_copy_make_border(MatHandle m, int top, int bottom, int left, int right, int borderType, double* value4);

    [LibraryImport(Lib)] internal static partial int p2cv_rectangle(MatHandle m, int x, int y, int width, int height, double* color4, int thickness, int lineType);
    [LibraryImport(Lib)] internal static partial int p2cv_line(MatHandle m, int x1, int y1, int x2, int y2, double* color4, int thickness, int lineType);
    [LibraryImport(Lib)] internal static partial int p2cv_polyline(MatHandle m, int* xy, int count, int closed, double* color4, int thickness, int lineType);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int p2cv_put_text(MatHandle m, string text, int x, int y, int font, double scale, double* color4, int thickness, int lineType);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int p2cv_get_text_size(string text, int font, double scale, int thickness, out int width, out int height, out int baseline);

    internal static string LastError() =>
        Marshal.PtrToStringUTF8(p2cv_last_error()) is { Length: > 0 } message ? message : "unknown OpenCV error";

    internal static void Check(int status, string? path = null)
    {
        if (status != 0) throw new OpenCvException(LastError(), path);
    }

    internal static Mat Wrap(MatHandle handle, string? path = null)
    {
        if (handle.IsInvalid)
        {
            string message = LastError();
            handle.Dispose();
            throw new OpenCvException(message, path);
        }
        try
        {
            return new Mat(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }
}
