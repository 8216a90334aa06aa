using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Pix2Pix.Imaging;

/// <summary>
/// SSIM with a separable 11-tap Gaussian (σ = 1.5), evaluated only where the window fits, so no border mode is involved.
/// Local moments are filtered horizontally, then vertically, four columns at a time with 256-bit vectors.
/// </summary>
internal static class StructuralSimilarity
{
    private const int Radius = 5;
    private const int Window = 2 * Radius + 1;
    private const double Sigma = 1.5;
    private const double C1 = 0.01 * 255 * 0.01 * 255;
    private const double C2 = 0.03 * 255 * 0.03 * 255;

    private static readonly double[] Weights = GaussianWeights();

    public static double Mean(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int height, int width, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        if (height < Window || width < Window)
            throw new ArgumentException($"SSIM needs images of at least {Window}x{Window} pixels, got {width}x{height}");
        long length = (long)height * width * channels;
        if (a.Length != length || b.Length != length)
            throw new ArgumentException($"a {height}x{width}x{channels} image needs {length} bytes, got {a.Length} and {b.Length}");

        var planes = new Planes(height, width);
        double total = 0;
        for (int c = 0; c < channels; c++)
        {
            planes.Load(a, b, c, channels);
            total += planes.MeanSsim();
        }
        return total / channels;
    }

    private static double[] GaussianWeights()
    {
        var w = new double[Window];
        double sum = 0;
        for (int k = 0; k < Window; k++)
        {
            double x = k - Radius;
            w[k] = Math.Exp(-0.5 * x * x / (Sigma * Sigma));
            sum += w[k];
        }
        for (int k = 0; k < Window; k++)
            w[k] /= sum;
        return w;
    }

    /// <summary>Scratch buffers for one channel: the two images, their products, and the horizontally filtered moments.</summary>
    private sealed class Planes
    {
        private const int Moments = 5;
        private readonly int _height, _width, _validWidth;
        private readonly double[][] _source = new double[Moments][];
        private readonly double[][] _rows = new double[Moments][];
        private readonly double[][] _filtered = new double[Moments][];

        public Planes(int height, int width)
        {
            _height = height;
            _width = width;
            _validWidth = width - 2 * Radius;
            for (int m = 0; m < Moments; m++)
            {
                _source[m] = new double[height * width];
                _rows[m] = new double[height * _validWidth];
                _filtered[m] = new double[_validWidth];
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Load(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int channel, int channels)
        {
            double[] x = _source[0], y = _source[1], xx = _source[2], yy = _source[3], xy = _source[4];
            for (int i = 0, j = channel; i < x.Length; i++, j += channels)
            {
                double va = a[j], vb = b[j];
                x[i] = va;
                y[i] = vb;
                xx[i] = va * va;
                yy[i] = vb * vb;
                xy[i] = va * vb;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public double MeanSsim()
        {
            for (int m = 0; m < Moments; m++)
                FilterRows(_source[m], _rows[m]);
            double sum = 0;
            for (int top = 0; top + Window <= _height; top++)
            {
                for (int m = 0; m < Moments; m++)
                    FilterColumns(_rows[m], top, _filtered[m]);
                sum += RowSsim();
            }
            return sum / ((double)(_height - 2 * Radius) * _validWidth);
        }

        private void FilterRows(double[] source, double[] destination)
        {
            for (int r = 0; r < _height; r++)
                Convolve(source.AsSpan(r * _width, _width), 1, destination.AsSpan(r * _validWidth, _validWidth));
        }

        private void FilterColumns(double[] rows, int top, double[] destination) =>
            Convolve(rows.AsSpan(top * _validWidth, Window * _validWidth), _validWidth, destination);

        /// <summary>destination[i] = Σ_k w_k · source[i + k·stride]: a row filter with stride 1, a column filter with the row length.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static unsafe void Convolve(ReadOnlySpan<double> source, int stride, Span<double> destination)
        {
            int n = destination.Length;
            if (source.Length < n + (Window - 1) * stride)
                throw new ArgumentException("the source is too short for the filter", nameof(source));
            fixed (double* src = source, dst = destination, w = Weights)
            {
                int i = 0;
                if (Vector256.IsHardwareAccelerated)
                {
                    for (; i + Vector256<double>.Count <= n; i += Vector256<double>.Count)
                    {
                        var acc = Vector256<double>.Zero;
                        double* p = src + i;
                        for (int k = 0; k < Window; k++, p += stride)
                            acc = Vector256.FusedMultiplyAdd(Vector256.Load(p), Vector256.Create(w[k]), acc);
                        acc.Store(dst + i);
                    }
                }
                for (; i < n; i++)
                {
                    double acc = 0;
                    double* p = src + i;
                    for (int k = 0; k < Window; k++, p += stride)
                        acc = Math.FusedMultiplyAdd(*p, w[k], acc);
                    dst[i] = acc;
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private double RowSsim()
        {
            double[] mx = _filtered[0], my = _filtered[1], mxx = _filtered[2], myy = _filtered[3], mxy = _filtered[4];
            double sum = 0;
            for (int i = 0; i < _validWidth; i++)
            {
                double ux = mx[i], uy = my[i];
                double vx = mxx[i] - ux * ux, vy = myy[i] - uy * uy, vxy = mxy[i] - ux * uy;
                sum += (2 * ux * uy + C1) * (2 * vxy + C2) / ((ux * ux + uy * uy + C1) * (vx + vy + C2));
            }
            return sum;
        }
    }
}
