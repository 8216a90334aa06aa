using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pix2Pix.Training.Optim;

/// <summary>
/// Adam with PyTorch's formula (no weight decay, no AMSGrad), for the parameters of one model.
/// </summary>
/// <remarks>
/// <para>
/// With <c>fused</c> on, every contiguous float32 CPU parameter is updated in a single vectorized pass that reads the
/// parameter, its gradient and both moment estimates once and writes them back once, straight in the tensors' memory;
/// large parameters are split into chunks that run in parallel on up to <see cref="torch.get_num_threads"/> threads.
/// Any other parameter (another device or dtype, a non-contiguous or sparse tensor) takes the tensor-op path, which is
/// also the whole step when <c>fused</c> is off, and which issues the same kernels as TorchSharp's
/// <c>torch.optim.Adam</c>: <c>m = β1·m + (1−β1)·g</c>, <c>v = β2·v + (1−β2)·g·g</c>,
/// <c>p += (−lr/(1−β1ᵗ))·m / (√v / √(1−β2ᵗ) + ε)</c>.
/// </para>
/// <para>
/// The fused pass rounds as libtorch 2.10's float32 CPU kernels do (constants rounded to float32; the two moment
/// updates as fused multiply-adds, like its vectorized <c>add</c> and contracted <c>addcmul</c>; <c>(s·m)/d</c> as in
/// <c>addcdiv</c>), except for the square root: libtorch's is within 1 ulp but not correctly rounded, this one is.
/// So about one denominator in six differs by an ulp, and parameters differ from the stock step by ~1e-9.
/// </para>
/// <para>
/// One step counter serves all parameters. A parameter without a gradient is skipped, as in PyTorch, but the
/// counter still advances; PyTorch counts per parameter, so the two differ only for parameters that sometimes
/// have no gradient.
/// </para>
/// <para>
/// Like libtorch's in-place update, a step bumps each parameter's autograd version counter, so backpropagating
/// through a graph recorded before the step fails instead of silently using the new values.
/// </para>
/// <para>Not thread-safe: call <see cref="Step"/> and <see cref="ZeroGrad"/> from one thread at a time.</para>
/// </remarks>
public sealed class Adam : IDisposable
{
    /// <summary>Elements per parallel work item: 256 KiB of each of the four streams.</summary>
    private const int ChunkElements = 1 << 16;

    /// <summary>Below this many elements in a step the fused pass runs on the calling thread.</summary>
    private const long ParallelThreshold = 4L * ChunkElements;

    /// <summary>The largest tensor <see cref="Tensor.bytes"/> can span (its length is an <see cref="int"/>).</summary>
    private const long MaxSpanElements = int.MaxValue / sizeof(float);

    private readonly Parameter[] _params;
    private readonly Tensor[] _expAvg;
    private readonly Tensor[] _expAvgSq;
    private readonly IReadOnlyList<(Tensor ExpAvg, Tensor ExpAvgSq)> _state;
    private readonly bool _fused;
    private readonly List<Chunk> _chunks = new();
    private readonly List<Tensor> _liveGrads = new();
    private bool _disposed;

    /// <summary>Creates the optimizer and zero-filled moment estimates for <paramref name="parameters"/>.</summary>
    /// <param name="parameters">The parameters to update, each once; their order is the order of <see cref="State"/>.</param>
    /// <param name="lr">Learning rate.</param>
    /// <param name="beta1">Decay rate of the first-moment estimate, in [0, 1).</param>
    /// <param name="beta2">Decay rate of the second-moment estimate, in [0, 1).</param>
    /// <param name="eps">Term added to the denominator for numerical stability.</param>
    /// <param name="fused">
    /// Update contiguous float32 CPU parameters in one vectorized pass each (default); off, every parameter is
    /// updated with libtorch's element-wise kernels.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter is out of range.</exception>
    /// <exception cref="ArgumentException">A parameter appears more than once.</exception>
    public Adam(IEnumerable<Parameter> parameters, double lr = 2e-4, double beta1 = 0.5, double beta2 = 0.999, double eps = 1e-8, bool fused = true)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegative(lr);
        ArgumentOutOfRangeException.ThrowIfNegative(eps);
        if (beta1 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must lie in [0, 1).");
        if (beta2 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must lie in [0, 1).");

        _params = parameters.ToArray();
        var handles = new HashSet<IntPtr>();
        foreach (var p in _params)
        {
            ArgumentNullException.ThrowIfNull(p, nameof(parameters));
            if (!handles.Add(p.Handle)) throw new ArgumentException("A parameter appears more than once.", nameof(parameters));
        }

        (LearningRate, Beta1, Beta2, Eps, _fused) = (lr, beta1, beta2, eps, fused);
        _expAvg = new Tensor[_params.Length];
        _expAvgSq = new Tensor[_params.Length];
        using (torch.no_grad())
        {
            for (var i = 0; i < _params.Length; i++)
            {
                var p = _params[i];
                _expAvg[i] = torch.zeros(p.shape, p.dtype, p.device).DetachFromDisposeScope();
                _expAvgSq[i] = torch.zeros(p.shape, p.dtype, p.device).DetachFromDisposeScope();
            }
        }
        _state = Array.AsReadOnly(_expAvg.Zip(_expAvgSq).ToArray());
    }

    /// <summary>The learning rate the next <see cref="Step"/> uses; schedulers change it between steps.</summary>
    public double LearningRate { get; set; }

    /// <summary>Decay rate of the first-moment estimate.</summary>
    public double Beta1 { get; }

    /// <summary>Decay rate of the second-moment estimate.</summary>
    public double Beta2 { get; }

    /// <summary>Term added to the denominator for numerical stability.</summary>
    public double Eps { get; }

    /// <summary>Steps taken so far; the bias corrections of the next step use <c>StepCount + 1</c>.</summary>
    /// <remarks>Set it together with <see cref="State"/> when resuming from a checkpoint.</remarks>
    public long StepCount { get; set; }

    /// <summary>
    /// First- and second-moment estimates, one pair per parameter, in parameter order. The tensors are owned by the
    /// optimizer (freed by <see cref="Dispose"/>); copy into them in place to restore a checkpoint.
    /// </summary>
    public IReadOnlyList<(Tensor ExpAvg, Tensor ExpAvgSq)> State => _state;

    /// <summary>
    /// Drops the gradients of all parameters (PyTorch's <c>zero_grad(set_to_none=True)</c>), so the next backward
    /// writes fresh gradients instead of adding into zero-filled ones.
    /// </summary>
    public void ZeroGrad() => ZeroGrad(setToNone: true);

    /// <summary>
    /// Drops the gradients (<paramref name="setToNone"/>, the default) or fills them with zeros in place, what
    /// PyTorch did before 2.0 and what TorchSharp's <c>Optimizer.zero_grad()</c> does.
    /// </summary>
    public void ZeroGrad(bool setToNone)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var p in _params)
        {
            if (setToNone)
            {
                p.grad = null;
                continue;
            }
            using var grad = p.grad;
            if (grad is null) continue;
            using var _ = no_grad();
            using var zeroed = grad.zero_();
        }
    }

    /// <summary>Advances <see cref="StepCount"/> and updates every parameter that has a gradient.</summary>
    public void Step()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        StepCount++;
        var biasCorrection1 = 1 - Math.Pow(Beta1, StepCount);
        var biasCorrection2Sqrt = Math.Sqrt(1 - Math.Pow(Beta2, StepCount));
        var stepSize = LearningRate / biasCorrection1;

        using var noGrad = torch.no_grad();
        try
        {
            for (var i = 0; i < _params.Length; i++)
            {
                var grad = _params[i].grad;
                if (grad is null) continue;
                _liveGrads.Add(grad);
                if (_fused && TryAddChunks(_params[i], grad, _expAvg[i], _expAvgSq[i])) continue;
                StepWithTensorOps(_params[i], grad, _expAvg[i], _expAvgSq[i], stepSize, biasCorrection2Sqrt);
            }
            if (_chunks.Count > 0) RunChunks(new Coefficients(Beta1, Beta2, Eps, stepSize, biasCorrection2Sqrt));
        }
        finally
        {
            foreach (var grad in _liveGrads) grad.Dispose();
            _liveGrads.Clear();
            _chunks.Clear();
        }
    }

    /// <summary>Frees the moment estimates. The parameters belong to their modules and are left alone.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var t in _expAvg) t.Dispose();
        foreach (var t in _expAvgSq) t.Dispose();
    }

    private void StepWithTensorOps(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, double stepSize, double biasCorrection2Sqrt)
    {
        using var beta1 = Beta1.ToScalar();
        using var oneMinusBeta1 = (1 - Beta1).ToScalar();
        using var beta2 = Beta2.ToScalar();
        using var oneMinusBeta2 = (1 - Beta2).ToScalar();
        using var correction2 = biasCorrection2Sqrt.ToScalar();
        using var eps = Eps.ToScalar();
        using var negStepSize = (-stepSize).ToScalar();

        expAvg.mul_(beta1).add_(grad, oneMinusBeta1);
        expAvgSq.mul_(beta2).addcmul_(grad, grad, oneMinusBeta2);
        using var denom = expAvgSq.sqrt();
        denom.div_(correction2).add_(eps);
        param.addcdiv_(expAvg, denom, negStepSize);
    }

    /// <summary>
    /// Queues the fused update of one parameter if all four tensors are dense float32 CPU memory of equal length;
    /// otherwise leaves it to the tensor-op path.
    /// </summary>
    private unsafe bool TryAddChunks(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq)
    {
        var n = param.NumberOfElements;
        if (n > MaxSpanElements || grad.is_sparse || grad.NumberOfElements != n) return false;
        foreach (var t in (ReadOnlySpan<Tensor>)[param, grad, expAvg, expAvgSq])
        {
            if (t.dtype != ScalarType.Float32 || t.device_type != DeviceType.CPU || !t.is_contiguous()) return false;
        }
        if (n == 0) return true;

        var p = Floats(param);
        var g = Floats(grad);
        var m = Floats(expAvg);
        var v = Floats(expAvgSq);
        for (long start = 0; start < n; start += ChunkElements)
        {
            _chunks.Add(new Chunk(p + start, g + start, m + start, v + start, (int)Math.Min(ChunkElements, n - start)));
        }
        BumpVersion(param);
        return true;
    }

    /// <summary>The address of a contiguous float32 CPU tensor's first element (its memory is native and never moves).</summary>
    private static unsafe float* Floats(Tensor t) =>
        (float*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(MemoryMarshal.Cast<byte, float>(t.bytes)));

    /// <summary>
    /// Raw writes bypass autograd's version counter, so a graph that saved this parameter before the step would not
    /// notice the change. An in-place op on an empty view bumps the counter the parameter shares with its views,
    /// exactly as libtorch's own in-place update would, for three small native calls.
    /// </summary>
    private static void BumpVersion(Tensor param)
    {
        using var flat = param.view(-1);
        using var empty = flat.narrow(0, 0, 0);
        using var zeroed = empty.zero_(); // TorchSharp's zero_ runs zeros_out and returns a new wrapper, not this.
    }

    private void RunChunks(Coefficients c)
    {
        var total = 0L;
        foreach (var chunk in _chunks) total += chunk.Count;
        var threads = Math.Min(torch.get_num_threads(), Environment.ProcessorCount);
        if (threads <= 1 || total < ParallelThreshold)
        {
            foreach (var chunk in _chunks) Update(chunk, c);
            return;
        }
        var chunks = _chunks;
        Parallel.For(0, chunks.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i => Update(chunks[i], c));
    }

    private static unsafe void Update(in Chunk chunk, in Coefficients c)
    {
        float* p = chunk.Param, g = chunk.Grad, m = chunk.ExpAvg, v = chunk.ExpAvgSq;
        var n = chunk.Count;
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var beta1 = Vector512.Create(c.Beta1);
            var oneMinusBeta1 = Vector512.Create(c.OneMinusBeta1);
            var beta2 = Vector512.Create(c.Beta2);
            var oneMinusBeta2 = Vector512.Create(c.OneMinusBeta2);
            var correction2 = Vector512.Create(c.BiasCorrection2Sqrt);
            var eps = Vector512.Create(c.Eps);
            var negStepSize = Vector512.Create(c.NegStepSize);
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var gi = Vector512.Load(g + i);
                var mi = Vector512.FusedMultiplyAdd(gi, oneMinusBeta1, Vector512.Load(m + i) * beta1);
                var vi = Vector512.FusedMultiplyAdd(oneMinusBeta2 * gi, gi, Vector512.Load(v + i) * beta2);
                var denom = Vector512.Sqrt(vi) / correction2 + eps;
                (Vector512.Load(p + i) + negStepSize * mi / denom).Store(p + i);
                mi.Store(m + i);
                vi.Store(v + i);
            }
        }
        else if (Vector.IsHardwareAccelerated)
        {
            var beta1 = new Vector<float>(c.Beta1);
            var oneMinusBeta1 = new Vector<float>(c.OneMinusBeta1);
            var beta2 = new Vector<float>(c.Beta2);
            var oneMinusBeta2 = new Vector<float>(c.OneMinusBeta2);
            var correction2 = new Vector<float>(c.BiasCorrection2Sqrt);
            var eps = new Vector<float>(c.Eps);
            var negStepSize = new Vector<float>(c.NegStepSize);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                var gi = Vector.Load(g + i);
                var mi = Vector.FusedMultiplyAdd(gi, oneMinusBeta1, Vector.Load(m + i) * beta1);
                var vi = Vector.FusedMultiplyAdd(oneMinusBeta2 * gi, gi, Vector.Load(v + i) * beta2);
                var denom = Vector.SquareRoot(vi) / correction2 + eps;
                (Vector.Load(p + i) + negStepSize * mi / denom).Store(p + i);
                mi.Store(m + i);
                vi.Store(v + i);
            }
        }
        for (; i < n; i++)
        {
            var gi = g[i];
            var mi = MathF.FusedMultiplyAdd(gi, c.OneMinusBeta1, m[i] * c.Beta1);
            var vi = MathF.FusedMultiplyAdd(c.OneMinusBeta2 * gi, gi, v[i] * c.Beta2);
            var denom = MathF.Sqrt(vi) / c.BiasCorrection2Sqrt + c.Eps;
            p[i] += c.NegStepSize * mi / denom;
            m[i] = mi;
            v[i] = vi;
        }
    }

    /// <summary>One contiguous run of a parameter and its gradient and state, updated by one thread.</summary>
    private readonly unsafe struct Chunk(float* param, float* grad, float* expAvg, float* expAvgSq, int count)
    {
        public readonly float* Param = param;
        public readonly float* Grad = grad;
        public readonly float* ExpAvg = expAvg;
        public readonly float* ExpAvgSq = expAvgSq;
        public readonly int Count = count;
    }

    /// <summary>The step's constants, rounded to float32 the way libtorch rounds a double scalar for a float kernel.</summary>
    private readonly struct Coefficients(double beta1, double beta2, double eps, double stepSize, double biasCorrection2Sqrt)
    {
        public readonly float Beta1 = (float)beta1;
        public readonly float OneMinusBeta1 = (float)(1 - beta1);
        public readonly float Beta2 = (float)beta2;
        public readonly float OneMinusBeta2 = (float)(1 - beta2);
        public readonly float Eps = (float)eps;
        public readonly float NegStepSize = (float)-stepSize;
        public readonly float BiasCorrection2Sqrt = (float)biasCorrection2Sqrt;
    }
}
