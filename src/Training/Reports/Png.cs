using Pix2Pix.OpenCv;
using Pix2Pix.Weights;

namespace Pix2Pix.Training.Reports;

/// <summary>Atomic PNG writes for every image the reports produce.</summary>
internal static class Png
{
    public static void Write(Mat image, string path) => AtomicFile.WriteAllBytes(path, image.Encode(".png"));
}
