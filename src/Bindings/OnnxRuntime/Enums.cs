namespace Pix2Pix.OnnxRuntime;

/// <summary>Severity threshold for ONNX Runtime's log (<c>OrtLoggingLevel</c>).</summary>
public enum OrtLoggingLevel { Verbose = 0, Info = 1, Warning = 2, Error = 3, Fatal = 4 }

/// <summary>Graph optimizations applied when a session is created (<c>GraphOptimizationLevel</c>).</summary>
public enum GraphOptimizationLevel { DisableAll = 0, Basic = 1, Extended = 2, Layout = 3, All = 99 }

/// <summary>Whether independent graph nodes may run in parallel (<c>ExecutionMode</c>).</summary>
public enum ExecutionMode { Sequential = 0, Parallel = 1 }

/// <summary>Which execution provider a session should use.</summary>
public enum ExecutionProviderChoice
{
    /// <summary>CPU only.</summary>
    Cpu,
    /// <summary>CUDA; fails when the CUDA provider cannot be loaded.</summary>
    Cuda,
    /// <summary>CUDA when it loads, else CPU (see <see cref="SessionOptions.FallbackReason"/>).</summary>
    CudaOrCpu,
}

/// <summary>Tensor element types (<c>ONNXTensorElementDataType</c>).</summary>
public enum TensorElementType
{
    Undefined = 0,
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    UInt16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Double = 11,
    UInt32 = 12,
    UInt64 = 13,
    Complex64 = 14,
    Complex128 = 15,
    BFloat16 = 16,
}
