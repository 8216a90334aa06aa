using System.Runtime.InteropServices;

namespace Pix2Pix.OpenCv;

/// <summary>Process-wide OpenCV settings.</summary>
public static class Cv
{
    /// <summary>OpenCV's version string, e.g. "4.6.0".</summary>
    public static string Version => Marshal.PtrToStringUTF8(Native.p2cv_version()) ?? "";

    /// <summary>Threads OpenCV uses inside one call (resize, color conversion...).</summary>
    public static int NumThreads => Native.p2cv_get_num_threads();

    /// <summary>Sets the threads OpenCV uses inside one call: 0 runs sequentially, a negative value restores the default.</summary>
    public static void SetNumThreads(int threads) => Native.Check(Native.p2cv_set_num_threads(threads));
}
