using System.Collections.Concurrent;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;
using Pix2Pix.Imaging;

namespace Pix2Pix.Inference;

/// <summary>
/// Translates images with an exported pix2pix generator over ONNX Runtime: converts any decoded image to the model's
/// channels, fits it to the model's size multiple (or tiles it when large), runs batches and returns 8-bit images
/// (BGR or gray, per the model's output channels; the model itself sees RGB planes). Thread-safe: one instance may serve many threads.
/// </summary>
public sealed class Translator : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames, _outputNames;
    private readonly List<RunBuffers> _idleBuffers = [];
    private readonly ConcurrentDictionary<(int Batch, int Height, int Width), (int H, int W)> _outputSizes = new();
    private bool _disposed;

    /// <summary>Loads a model file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not an ONNX model, or not an image generator (wrong rank, channels or type).</exception>
    /// <exception cref="CudaUnavailableException">
    /// <see cref="TranslatorOptions.GpuDeviceId"/> asked for CUDA, which cannot be used, and <see cref="TranslatorOptions.FallbackToCpu"/> is off.
    /// </exception>
    public Translator(string modelPath, TranslatorOptions? options = null)
        : this(Path.GetFileName(modelPath ?? throw new ArgumentNullException(nameof(modelPath))), options,
               o => File.Exists(modelPath)
                   ? new InferenceSession(modelPath, o)
                   : throw new FileNotFoundException($"Model file not found: '{modelPath}'.", modelPath))
    {
    }

    /// <summary>Loads a model from its serialized bytes; <paramref name="name"/> identifies it in messages.</summary>
    /// <inheritdoc cref="Translator(string, TranslatorOptions?)"/>
    public Translator(byte[] model, string name, TranslatorOptions? options = null)
        : this(name ?? throw new ArgumentNullException(nameof(name)), options,
               o => new InferenceSession(model ?? throw new ArgumentNullException(nameof(model)), o))
    {
    }

    private Translator(string name, TranslatorOptions? options, Func<SessionOptions, InferenceSession> open)
    {
        Options = options ?? new TranslatorOptions();
        Options.Validate();
        try
        {
            var opened = SessionFactory.Open(name, Options, open);
            _session = opened.Session;
            GpuDeviceId = opened.GpuDeviceId;
            FallbackReason = opened.FallbackReason;
            Model = ModelInfo.Read(_session, name);
            if (!Model.HasFixedSize && (Options.TileSize % Model.SizeMultiple != 0 || Options.TileSize < MinimumSide))
                throw new ArgumentException(
                    $"TileSize {Options.TileSize} must be a multiple of the model's size multiple {Model.SizeMultiple} and at least {MinimumSide}", nameof(options));
        }
        catch
        {
            _session?.Dispose();
            _runOptions.Dispose();
            throw;
        }
        _inputNames = [Model.InputName];
        _outputNames = [Model.OutputName];
    }

    /// <summary>The model's signature and metadata.</summary>
    public ModelInfo Model { get; }

    /// <summary>The options in use.</summary>
    public TranslatorOptions Options { get; }

    /// <summary>The CUDA device the model runs on; null when it runs on the CPU (as asked, or after falling back).</summary>
    public int? GpuDeviceId { get; }

    /// <summary>The line written to <see cref="TranslatorOptions.Log"/> when CUDA was asked for and the CPU is used instead; else null.</summary>
    public string? FallbackReason { get; }

    private int EffectiveBatch => Model.FixedBatch ?? Options.BatchSize;

    /// <summary>
    /// The smallest side an image is padded or resized to: 8 pixels rounded up to the size multiple, so that tiny images
    /// also suit generators that cannot run on smaller maps (a ResNet's reflection padding needs 8 pixels).
    /// </summary>
    public int MinimumSide => Fitting.RoundUp(Math.Max(8, Model.SizeMultiple), Model.SizeMultiple);

    /// <summary>Translates one image (any depth, gray/BGR/BGRA, as decoded by OpenCV). The caller owns the result.</summary>
    /// <exception cref="ArgumentException">The image is empty.</exception>
    public Mat Translate(Mat image)
    {
        using var prepared = Prepare(image);
        return prepared.Tiled ? TranslateTiled(prepared.Input) : RunPrepared([prepared])[0];
    }

    /// <summary>
    /// Translates several images, batching those that end up the same size (large ones are tiled one by one).
    /// Results are in input order; the caller owns them.
    /// </summary>
    public IReadOnlyList<Mat> TranslateBatch(IReadOnlyList<Mat> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var prepared = new List<PreparedImage>(images.Count);
        var results = new Mat?[images.Count];
        try
        {
            foreach (Mat image in images) prepared.Add(Prepare(image));
            var untiled = new List<int>();
            for (int i = 0; i < prepared.Count; i++)
            {
                if (prepared[i].Tiled) results[i] = TranslateTiled(prepared[i].Input);
                else untiled.Add(i);
            }
            IReadOnlyList<Mat> outputs = RunPrepared(untiled.Select(i => prepared[i]).ToList());
            for (int k = 0; k < untiled.Count; k++) results[untiled[k]] = outputs[k];
            return results!;
        }
        catch
        {
            foreach (Mat? m in results) m?.Dispose();
            throw;
        }
        finally
        {
            foreach (var p in prepared) p.Dispose();
        }
    }

    /// <summary>Converts to the model's channels and fits to its size multiple, or marks the image for tiling.</summary>
    internal PreparedImage Prepare(Mat image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Empty()) throw new ArgumentException("cannot translate an empty image", nameof(image));
        Mat converted = ImageConvert.To8Bit(image, Model.InputChannels);
        int width = converted.Width, height = converted.Height;
        try
        {
            bool tiled = !Model.HasFixedSize && (long)width * height > Options.MaxPixelsBeforeTiling;
            var (targetWidth, targetHeight) = tiled ? (width, height) : TargetSize(width, height);
            if ((targetWidth, targetHeight) == (width, height))
                return new PreparedImage(converted, width, height, tiled);
            using (converted)
            {
                Mat fitted = Options.ResizeMode == ResizeMode.Pad && !Model.HasFixedSize
                    ? Fitting.PadRightBottom(converted, targetWidth, targetHeight)
                    : ImageGeometry.Resize(converted, targetWidth, targetHeight);
                return new PreparedImage(fitted, width, height, tiled: false);
            }
        }
        catch
        {
            converted.Dispose();
            throw;
        }
    }

    /// <summary>The size an untiled image is given to the model.</summary>
    private (int Width, int Height) TargetSize(int width, int height)
    {
        if (Model.HasFixedSize) return (Model.FixedWidth!.Value, Model.FixedHeight!.Value);
        int m = Model.SizeMultiple, min = MinimumSide;
        return Options.ResizeMode == ResizeMode.Pad
            ? (Math.Max(min, Fitting.RoundUp(width, m)), Math.Max(min, Fitting.RoundUp(height, m)))
            : (Math.Max(min, Fitting.Nearest(width, m)), Math.Max(min, Fitting.Nearest(height, m)));
    }

    /// <summary>Runs untiled prepared images, batching equal tensor sizes; results in input order.</summary>
    internal IReadOnlyList<Mat> RunPrepared(IReadOnlyList<PreparedImage> items)
    {
        var results = new Mat?[items.Count];
        try
        {
            foreach (var group in Enumerable.Range(0, items.Count).GroupBy(i => items[i].TensorSize))
            {
                foreach (int[] chunk in group.Chunk(EffectiveBatch))
                {
                    var (width, height) = group.Key;
                    RunBatch(chunk.Length, height, width,
                        (k, chw) => ImageTensor.ToChw(items[chunk[k]].Input, chw),
                        (k, chw, c, h, w) => results[chunk[k]] = Finish(chw, c, h, w, items[chunk[k]]));
                }
            }
            return results!;
        }
        catch
        {
            foreach (Mat? m in results) m?.Dispose();
            throw;
        }
    }

    /// <summary>Translates a large model-channel image tile by tile into a new image of its size.</summary>
    internal Mat TranslateTiled(Mat image)
    {
        var output = new Mat(image.Height, image.Width, MatType.CV_8UC(Model.OutputChannels), Scalar.All(0));
        try
        {
            TranslateTiled(image, new MatSink(output, Model.OutputChannels, image.Width));
            return output;
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    /// <summary>Translates a model-channel image tile by tile, handing finished rows to <paramref name="sink"/>.</summary>
    internal void TranslateTiled(Mat image, ITileSink sink)
    {
        int tile = Options.TileSize, overlap = Options.TileOverlap, m = Model.SizeMultiple;
        var xs = TileAxis.Create(image.Width, tile, overlap, m, MinimumSide);
        var ys = TileAxis.Create(image.Height, tile, overlap, m, MinimumSide);
        var accumulator = new TileAccumulator(image.Width, image.Height, Model.OutputChannels, ys.Extent, sink);
        var tiles = (from ty in Enumerable.Range(0, ys.Count) from tx in Enumerable.Range(0, xs.Count) select (tx, ty)).ToArray();
        foreach (var chunk in tiles.Chunk(EffectiveBatch))
        {
            RunBatch(chunk.Length, ys.Extent, xs.Extent,
                (k, chw) =>
                {
                    var (tx, ty) = chunk[k];
                    using Mat crop = ImageGeometry.View(image, xs.Starts[tx], ys.Starts[ty], xs.Valid(tx), ys.Valid(ty));
                    if (crop.Width == xs.Extent && crop.Height == ys.Extent)
                    {
                        ImageTensor.ToChw(crop, chw);
                        return;
                    }
                    using Mat padded = Fitting.PadRightBottom(crop, xs.Extent, ys.Extent);
                    ImageTensor.ToChw(padded, chw);
                },
                (k, chw, c, h, w) =>
                {
                    if (h != ys.Extent || w != xs.Extent)
                        throw new InvalidDataException(
                            $"Model '{Model.Name}' returned {w}x{h} for a {xs.Extent}x{ys.Extent} tile; tiling needs an output the size of its input.");
                    var (tx, ty) = chunk[k];
                    accumulator.Add(xs.Starts[tx], ys.Starts[ty], chw, w, h, xs.Weights[tx], ys.Weights[ty]);
                });
        }
        accumulator.Complete();
    }

    private delegate void FillItem(int index, Span<float> chw);

    private delegate void TakeItem(int index, ReadOnlySpan<float> chw, int channels, int height, int width);

    /// <summary>
    /// Runs the model on ready NCHW floats (in [-1, 1]) with no image handling: <paramref name="input"/> holds
    /// <paramref name="batch"/> × <see cref="ModelInfo.InputChannels"/> × <paramref name="height"/> × <paramref name="width"/>
    /// values, <paramref name="output"/> receives as many per output channel (a generator keeps the size). Thread-safe.
    /// </summary>
    /// <exception cref="ArgumentException">The buffers do not match the sizes, or the batch exceeds the model's fixed batch.</exception>
    /// <exception cref="InvalidDataException">The model returned another size.</exception>
    public void Run(ReadOnlySpan<float> input, Span<float> output, int batch, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (Model.FixedBatch is int fixedBatch && batch > fixedBatch)
            throw new ArgumentException($"batch {batch} is larger than the model's fixed batch {fixedBatch}", nameof(batch));
        int itemIn = checked(Model.InputChannels * height * width), itemOut = checked(Model.OutputChannels * height * width);
        if (input.Length != batch * itemIn)
            throw new ArgumentException($"input holds {input.Length} floats; [{batch}, {Model.InputChannels}, {height}, {width}] needs {batch * itemIn}", nameof(input));
        if (output.Length != batch * itemOut)
            throw new ArgumentException($"output holds {output.Length} floats; [{batch}, {Model.OutputChannels}, {height}, {width}] needs {batch * itemOut}", nameof(output));
        unsafe
        {
            fixed (float* inPtr = input)
            fixed (float* outPtr = output)
            {
                nint source = (nint)inPtr, target = (nint)outPtr;
                RunBatch(batch, height, width,
                    (k, chw) => new ReadOnlySpan<float>((float*)source + (long)k * itemIn, itemIn).CopyTo(chw),
                    (k, chw, c, h, w) =>
                    {
                        if (h != height || w != width)
                            throw new InvalidDataException($"Model '{Model.Name}' returned {w}x{h} for a {width}x{height} input; Run needs an output the size of its input.");
                        chw.CopyTo(new Span<float>((float*)target + (long)k * itemOut, itemOut));
                    });
            }
        }
    }

    /// <summary>
    /// One model run over <paramref name="count"/> items of one size (zero-padded to a fixed batch dimension), on pinned
    /// tensors reused from earlier runs. The first run at a new size lets ONNX Runtime allocate the output, to learn its
    /// shape; later runs at that size write into the reused output tensor.
    /// </summary>
    private void RunBatch(int count, int height, int width, FillItem fill, TakeItem take)
    {
        int batch = Model.FixedBatch ?? count;
        int itemLength = checked(Model.InputChannels * height * width);
        RunBuffers buffers = RentBuffers(batch, height, width);
        try
        {
            buffers.SetInputShape(batch, Model.InputChannels, height, width);
            Span<float> input = buffers.Input;
            for (int k = 0; k < count; k++) fill(k, input.Slice(k * itemLength, itemLength));
            input[(count * itemLength)..].Clear();
            if (_outputSizes.TryGetValue((batch, height, width), out var size))
            {
                buffers.SetOutputShape(batch, Model.OutputChannels, size.H, size.W);
                _session.Run(_runOptions, _inputNames, buffers.Inputs, _outputNames, buffers.Outputs);
            }
            else
            {
                size = RunAndLearnOutputSize(buffers, batch, height, width);
            }
            int outLength = checked(Model.OutputChannels * size.H * size.W);
            ReadOnlySpan<float> data = buffers.Output;
            for (int k = 0; k < count; k++)
                take(k, data.Slice(k * outLength, outLength), Model.OutputChannels, size.H, size.W);
        }
        finally
        {
            ReturnBuffers(buffers);
        }
    }

    private (int H, int W) RunAndLearnOutputSize(RunBuffers buffers, int batch, int height, int width)
    {
        using var results = _session.Run(_runOptions, _inputNames, buffers.Inputs, _outputNames);
        OrtValue output = results[0];
        long[] shape = output.IsTensor ? output.GetTensorTypeAndShape().Shape : [];
        if (shape.Length != 4 || shape[0] != batch || shape[1] != Model.OutputChannels || shape[2] < 1 || shape[3] < 1)
            throw new InvalidDataException(
                $"Model '{Model.Name}' returned a [{string.Join(", ", shape)}] tensor for a [{batch}, {Model.InputChannels}, {height}, {width}] input; " +
                $"expected [{batch}, {Model.OutputChannels}, H, W].");
        var size = (H: checked((int)shape[2]), W: checked((int)shape[3]));
        buffers.SetOutputShape(batch, Model.OutputChannels, size.H, size.W);
        output.GetTensorDataAsSpan<float>().CopyTo(buffers.Output);
        if (_outputSizes.Count >= MaxRememberedSizes) _outputSizes.Clear();
        _outputSizes[(batch, height, width)] = size;
        return size;
    }

    /// <summary>Input sizes whose output size is remembered (a folder of many image sizes must not grow the table without bound).</summary>
    private const int MaxRememberedSizes = 4096;

    /// <summary>Idle buffers of the same input shape when there are some, else any idle ones, else new ones.</summary>
    private RunBuffers RentBuffers(int batch, int height, int width)
    {
        lock (_idleBuffers)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_idleBuffers.Count == 0) return new RunBuffers();
            int i = _idleBuffers.FindLastIndex(b => b.InputShape == (batch, Model.InputChannels, height, width));
            if (i < 0) i = _idleBuffers.Count - 1;
            RunBuffers buffers = _idleBuffers[i];
            _idleBuffers.RemoveAt(i);
            return buffers;
        }
    }

    private void ReturnBuffers(RunBuffers buffers)
    {
        lock (_idleBuffers)
        {
            if (!_disposed)
            {
                _idleBuffers.Add(buffers);
                return;
            }
        }
        buffers.Dispose();
    }

    /// <summary>Output floats → 8-bit image, with the padding cut off or the source size restored.</summary>
    private Mat Finish(ReadOnlySpan<float> chw, int channels, int height, int width, PreparedImage item)
    {
        Mat image = ImageTensor.FromChw(chw, channels, height, width);
        var (tensorWidth, tensorHeight) = item.TensorSize;
        bool resized = Model.HasFixedSize || Options.ResizeMode == ResizeMode.Resize;
        if (resized && !Options.KeepSourceSize) return image;
        int keepWidth = resized ? item.SourceWidth : Math.Max(1, (int)Math.Round((double)item.SourceWidth * width / tensorWidth));
        int keepHeight = resized ? item.SourceHeight : Math.Max(1, (int)Math.Round((double)item.SourceHeight * height / tensorHeight));
        if (keepWidth == width && keepHeight == height) return image;
        using (image)
            return resized ? ImageGeometry.Resize(image, keepWidth, keepHeight) : ImageGeometry.Crop(image, 0, 0, keepWidth, keepHeight);
    }

    /// <summary>Releases the ONNX Runtime session and the run buffers; call it once no translation is running.</summary>
    public void Dispose()
    {
        lock (_idleBuffers)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var b in _idleBuffers) b.Dispose();
            _idleBuffers.Clear();
        }
        _runOptions.Dispose();
        _session.Dispose();
    }

    private sealed class MatSink(Mat output, int channels, int width) : ITileSink
    {
        public void WriteRows(int top, int rows, ReadOnlySpan<float> chw)
        {
            using Mat band = ImageTensor.FromChw(chw, channels, rows, width);
            using Mat target = ImageGeometry.View(output, 0, top, width, rows);
            band.CopyTo(target);
        }
    }
}
