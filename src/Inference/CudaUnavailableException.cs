namespace Pix2Pix.Inference;

/// <summary>
/// CUDA was asked for (<see cref="TranslatorOptions.GpuDeviceId"/>) with <see cref="TranslatorOptions.FallbackToCpu"/>
/// off, and ONNX Runtime's CUDA provider cannot be used; the message says what is missing.
/// </summary>
public sealed class CudaUnavailableException : Exception
{
    /// <summary>Creates the exception with its message and, when ONNX Runtime reported it, the underlying error.</summary>
    public CudaUnavailableException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
