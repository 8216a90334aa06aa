namespace Pix2Pix.OnnxRuntime;

/// <summary>ONNX Runtime's error codes (<c>OrtErrorCode</c>).</summary>
public enum OrtErrorCode
{
    Ok = 0,
    Fail = 1,
    InvalidArgument = 2,
    NoSuchFile = 3,
    NoModel = 4,
    EngineError = 5,
    RuntimeException = 6,
    InvalidProtobuf = 7,
    ModelLoaded = 8,
    NotImplemented = 9,
    InvalidGraph = 10,
    ExecutionProviderFail = 11,
    ModelLoadCanceled = 12,
    ModelRequiresCompilation = 13,
    NotFound = 14,
    DeviceReset = 15,
}

/// <summary>An error reported by ONNX Runtime, with its code and message.</summary>
public sealed class OnnxRuntimeException : Exception
{
    /// <summary>Creates an exception from ONNX Runtime's code and message.</summary>
    public OnnxRuntimeException(OrtErrorCode errorCode, string nativeMessage, Exception? inner = null)
        : base($"[ErrorCode:{errorCode}] {nativeMessage}", inner)
    {
        ErrorCode = errorCode;
        NativeMessage = nativeMessage;
    }

    /// <summary>ONNX Runtime's error code.</summary>
    public OrtErrorCode ErrorCode { get; }

    /// <summary>ONNX Runtime's message, unchanged.</summary>
    public string NativeMessage { get; }
}
