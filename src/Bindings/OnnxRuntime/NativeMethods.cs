using System.Runtime.InteropServices;

namespace Pix2Pix.OnnxRuntime;

/// <summary>
/// Every call into ONNX Runtime goes through this file: library loading, the OrtApi function table
/// (0-based slots of <c>struct OrtApi</c> in onnxruntime_c_api.h, append-only since API 1), status
/// handling and string marshalling. Callers pass raw pointers they hold leases on.
/// </summary>
internal static unsafe class NativeMethods
{
    internal const uint ApiVersion = 30;

    private enum Slot
    {
        GetErrorCode = 1,
        GetErrorMessage = 2,
        CreateEnv = 3,
        CreateSession = 7,
        CreateSessionFromArray = 8,
        Run = 9,
        CreateSessionOptions = 10,
        SetOptimizedModelFilePath = 11,
        SetSessionExecutionMode = 13,
        EnableProfiling = 14,
        EnableCpuMemArena = 18,
        DisableCpuMemArena = 19,
        SetSessionLogSeverityLevel = 22,
        SetSessionGraphOptimizationLevel = 23,
        SetIntraOpNumThreads = 24,
        SetInterOpNumThreads = 25,
        SessionGetInputCount = 30,
        SessionGetOutputCount = 31,
        SessionGetInputTypeInfo = 33,
        SessionGetOutputTypeInfo = 34,
        SessionGetInputName = 36,
        SessionGetOutputName = 37,
        CreateRunOptions = 39,
        RunOptionsSetRunTag = 42,
        RunOptionsSetTerminate = 46,
        RunOptionsUnsetTerminate = 47,
        CreateTensorAsOrtValue = 48,
        CreateTensorWithDataAsOrtValue = 49,
        IsTensor = 50,
        GetTensorMutableData = 51,
        CastTypeInfoToTensorInfo = 55,
        GetOnnxTypeFromTypeInfo = 56,
        GetTensorElementType = 60,
        GetDimensionsCount = 61,
        GetDimensions = 62,
        GetSymbolicDimensions = 63,
        GetTensorTypeAndShape = 65,
        CreateCpuMemoryInfo = 69,
        AllocatorFree = 76,
        GetAllocatorWithDefaultOptions = 78,
        ReleaseEnv = 92,
        ReleaseStatus = 93,
        ReleaseMemoryInfo = 94,
        ReleaseSession = 95,
        ReleaseValue = 96,
        ReleaseRunOptions = 97,
        ReleaseTypeInfo = 98,
        ReleaseTensorTypeAndShapeInfo = 99,
        ReleaseSessionOptions = 100,
        SessionGetModelMetadata = 111,
        ModelMetadataGetProducerName = 112,
        ModelMetadataGetGraphName = 113,
        ModelMetadataGetDomain = 114,
        ModelMetadataGetDescription = 115,
        ModelMetadataLookupCustomMetadataMap = 116,
        ModelMetadataGetVersion = 117,
        ReleaseModelMetadata = 118,
        ModelMetadataGetCustomMetadataMapKeys = 123,
        GetAvailableProviders = 125,
        ReleaseAvailableProviders = 126,
        AddSessionConfigEntry = 130,
        RunWithBinding = 133,
        CreateIoBinding = 134,
        ReleaseIoBinding = 135,
        BindInput = 136,
        BindOutput = 137,
        BindOutputToDevice = 138,
        GetBoundOutputValues = 140,
        ClearBoundInputs = 141,
        ClearBoundOutputs = 142,
        SessionOptionsAppendExecutionProvider_CUDA_V2 = 204,
        CreateCUDAProviderOptions = 205,
        UpdateCUDAProviderOptions = 206,
        ReleaseCUDAProviderOptions = 208,
    }

    private static readonly object LoadGate = new();
    private static nint _table;
    private static string _path = "";
    private static string _version = "";
    private static nint _allocator;

    // ---- library ----------------------------------------------------------------------------

    internal static string LibraryPath { get { EnsureLoaded(); return _path; } }

    internal static string VersionString { get { EnsureLoaded(); return _version; } }

    internal static void EnsureLoaded() => _ = Table;

    private static nint* Table
    {
        get
        {
            var table = Volatile.Read(ref _table);
            return table != 0 ? (nint*)table : Load();
        }
    }

    private static nint Fn(Slot slot) => Table[(int)slot];

    private static nint* Load()
    {
        lock (LoadGate)
        {
            if (_table != 0) return (nint*)_table;
            var (api, path, version) = Open(OrtLibrary.Candidates());
            _path = path;
            _version = version;
            Volatile.Write(ref _table, api);
            return (nint*)api;
        }
    }

    /// <summary>Loads the first candidate that provides API version 30; returns its path (test hook, nothing is installed).</summary>
    internal static string Probe(IEnumerable<OrtLibrary.Candidate> candidates) => Open(candidates).Path;

    private static (nint Api, string Path, string Version) Open(IEnumerable<OrtLibrary.Candidate> candidates)
    {
        var tried = new List<string>();
        foreach (var candidate in candidates)
        {
            if (!TryOpen(candidate, tried, out var lib)) continue;
            if (!NativeLibrary.TryGetExport(lib, "OrtGetApiBase", out var getApiBase))
            {
                tried.Add($"{candidate.Display} (no OrtGetApiBase export)");
                NativeLibrary.Free(lib);
                continue;
            }
            var apiBase = ((delegate* unmanaged<nint*>)getApiBase)();
            var version = Utf8(((delegate* unmanaged<byte*>)apiBase[1])());
            var api = ((delegate* unmanaged<uint, nint*>)apiBase[0])(ApiVersion);
            if (api != null) return ((nint)api, candidate.Display, version);
            NativeLibrary.Free(lib);
            throw new DllNotFoundException(
                $"ONNX Runtime {version} at {candidate.Display} does not provide C API version {ApiVersion}; " +
                "version 1.30 or newer is needed (run scripts/bootstrap.sh or set PIX2PIX_ONNXRUNTIME).");
        }
        throw new DllNotFoundException(
            "ONNX Runtime not found; run scripts/bootstrap.sh or set PIX2PIX_ONNXRUNTIME. Tried: " + string.Join("; ", tried));
    }

    private static bool TryOpen(OrtLibrary.Candidate candidate, List<string> tried, out nint lib)
    {
        lib = 0;
        if (candidate.IsFile && !File.Exists(candidate.Name))
        {
            tried.Add($"{candidate.Name} (missing)");
            return false;
        }
        try
        {
            lib = NativeLibrary.Load(candidate.Name);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            tried.Add($"{candidate.Display} ({e.Message.Split('\n')[0].Trim()})");
            return false;
        }
    }

    // ---- status and strings -----------------------------------------------------------------

    private static void Check(nint status)
    {
        if (status != 0) throw ToException(status);
    }

    private static OnnxRuntimeException ToException(nint status)
    {
        try
        {
            var code = ((delegate* unmanaged<nint, int>)Fn(Slot.GetErrorCode))(status);
            var message = Utf8(((delegate* unmanaged<nint, byte*>)Fn(Slot.GetErrorMessage))(status));
            return new OnnxRuntimeException((OrtErrorCode)code, message);
        }
        finally
        {
            ((delegate* unmanaged<nint, void>)Fn(Slot.ReleaseStatus))(status);
        }
    }

    private static string Utf8(byte* s) => s == null ? "" : Marshal.PtrToStringUTF8((nint)s) ?? "";

    private static string TakeAllocated(byte* s)
    {
        if (s == null) return "";
        try { return Utf8(s); }
        finally { AllocatorFree(s); }
    }

    /// <summary>NUL-terminated UTF-8 copies of strings, freed on Dispose; one per call, never shared.</summary>
    internal readonly struct Utf8Strings : IDisposable
    {
        public readonly nint[] Pointers;

        public Utf8Strings(IReadOnlyList<string> values)
        {
            Pointers = new nint[values.Count];
            for (var i = 0; i < values.Count; i++) Pointers[i] = Marshal.StringToCoTaskMemUTF8(values[i]);
        }

        public void Dispose()
        {
            foreach (var p in Pointers) Marshal.FreeCoTaskMem(p);
        }
    }

    private static nint DefaultAllocator()
    {
        if (_allocator != 0) return _allocator;
        nint a;
        Check(((delegate* unmanaged<nint*, nint>)Fn(Slot.GetAllocatorWithDefaultOptions))(&a));
        return _allocator = a;
    }

    private static void AllocatorFree(void* p) =>
        Check(((delegate* unmanaged<nint, void*, nint>)Fn(Slot.AllocatorFree))(DefaultAllocator(), p));

    // ---- environment ------------------------------------------------------------------------

    internal static nint CreateEnv(int loggingLevel, string logId)
    {
        nint env;
        fixed (byte* id = Encode(logId))
            Check(((delegate* unmanaged<int, byte*, nint*, nint>)Fn(Slot.CreateEnv))(loggingLevel, id, &env));
        return env;
    }

    internal static string[] GetAvailableProviders()
    {
        byte** list;
        int count;
        Check(((delegate* unmanaged<byte***, int*, nint>)Fn(Slot.GetAvailableProviders))(&list, &count));
        try
        {
            var names = new string[count];
            for (var i = 0; i < count; i++) names[i] = Utf8(list[i]);
            return names;
        }
        finally
        {
            Check(((delegate* unmanaged<byte**, int, nint>)Fn(Slot.ReleaseAvailableProviders))(list, count));
        }
    }

    private static byte[] Encode(string s) => System.Text.Encoding.UTF8.GetBytes(s + "\0");

    // ---- session options --------------------------------------------------------------------

    internal static nint CreateSessionOptions()
    {
        nint options;
        Check(((delegate* unmanaged<nint*, nint>)Fn(Slot.CreateSessionOptions))(&options));
        return options;
    }

    internal static void SetIntraOpNumThreads(nint options, int n) =>
        Check(((delegate* unmanaged<nint, int, nint>)Fn(Slot.SetIntraOpNumThreads))(options, n));

    internal static void SetInterOpNumThreads(nint options, int n) =>
        Check(((delegate* unmanaged<nint, int, nint>)Fn(Slot.SetInterOpNumThreads))(options, n));

    internal static void SetGraphOptimizationLevel(nint options, int level) =>
        Check(((delegate* unmanaged<nint, int, nint>)Fn(Slot.SetSessionGraphOptimizationLevel))(options, level));

    internal static void SetExecutionMode(nint options, int mode) =>
        Check(((delegate* unmanaged<nint, int, nint>)Fn(Slot.SetSessionExecutionMode))(options, mode));

    internal static void SetSessionLogSeverityLevel(nint options, int level) =>
        Check(((delegate* unmanaged<nint, int, nint>)Fn(Slot.SetSessionLogSeverityLevel))(options, level));

    internal static void SetCpuMemArena(nint options, bool enable) =>
        Check(((delegate* unmanaged<nint, nint>)Fn(enable ? Slot.EnableCpuMemArena : Slot.DisableCpuMemArena))(options));

    internal static void SetOptimizedModelFilePath(nint options, string path)
    {
        fixed (byte* p = Encode(path))
            Check(((delegate* unmanaged<nint, byte*, nint>)Fn(Slot.SetOptimizedModelFilePath))(options, p));
    }

    internal static void EnableProfiling(nint options, string prefix)
    {
        fixed (byte* p = Encode(prefix))
            Check(((delegate* unmanaged<nint, byte*, nint>)Fn(Slot.EnableProfiling))(options, p));
    }

    internal static void AddSessionConfigEntry(nint options, string key, string value)
    {
        fixed (byte* k = Encode(key))
        fixed (byte* v = Encode(value))
            Check(((delegate* unmanaged<nint, byte*, byte*, nint>)Fn(Slot.AddSessionConfigEntry))(options, k, v));
    }

    internal static void AppendCuda(nint options, int deviceId)
    {
        nint cuda;
        Check(((delegate* unmanaged<nint*, nint>)Fn(Slot.CreateCUDAProviderOptions))(&cuda));
        try
        {
            fixed (byte* key = Encode("device_id"))
            fixed (byte* value = Encode(deviceId.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                Check(((delegate* unmanaged<nint, byte**, byte**, nuint, nint>)Fn(Slot.UpdateCUDAProviderOptions))(cuda, &key, &value, 1));
            Check(((delegate* unmanaged<nint, nint, nint>)Fn(Slot.SessionOptionsAppendExecutionProvider_CUDA_V2))(options, cuda));
        }
        finally
        {
            ((delegate* unmanaged<nint, void>)Fn(Slot.ReleaseCUDAProviderOptions))(cuda);
        }
    }

    // ---- session ----------------------------------------------------------------------------

    internal static nint CreateSession(nint env, string path, nint options)
    {
        nint session;
        fixed (byte* p = Encode(path))
            Check(((delegate* unmanaged<nint, byte*, nint, nint*, nint>)Fn(Slot.CreateSession))(env, p, options, &session));
        return session;
    }

    internal static nint CreateSessionFromArray(nint env, ReadOnlySpan<byte> model, nint options)
    {
        nint session;
        fixed (byte* p = model)
            Check(((delegate* unmanaged<nint, byte*, nuint, nint, nint*, nint>)Fn(Slot.CreateSessionFromArray))(
                env, p, (nuint)model.Length, options, &session));
        return session;
    }

    internal static int SessionIoCount(nint session, bool inputs)
    {
        nuint n;
        Check(((delegate* unmanaged<nint, nuint*, nint>)Fn(inputs ? Slot.SessionGetInputCount : Slot.SessionGetOutputCount))(session, &n));
        return (int)n;
    }

    internal static string SessionIoName(nint session, bool input, int index)
    {
        byte* name;
        Check(((delegate* unmanaged<nint, nuint, nint, byte**, nint>)Fn(input ? Slot.SessionGetInputName : Slot.SessionGetOutputName))(
            session, (nuint)index, DefaultAllocator(), &name));
        return TakeAllocated(name);
    }

    /// <summary>Element type (0 when not a tensor), dims (-1 when symbolic) and symbolic names.</summary>
    internal static (int ElementType, long[] Shape, string[] Symbols) SessionIoType(nint session, bool input, int index)
    {
        nint typeInfo;
        Check(((delegate* unmanaged<nint, nuint, nint*, nint>)Fn(input ? Slot.SessionGetInputTypeInfo : Slot.SessionGetOutputTypeInfo))(
            session, (nuint)index, &typeInfo));
        try
        {
            int onnxType;
            Check(((delegate* unmanaged<nint, int*, nint>)Fn(Slot.GetOnnxTypeFromTypeInfo))(typeInfo, &onnxType));
            if (onnxType != 1) return (0, [], []);
            nint tensorInfo;
            Check(((delegate* unmanaged<nint, nint*, nint>)Fn(Slot.CastTypeInfoToTensorInfo))(typeInfo, &tensorInfo));
            return ReadTensorInfo(tensorInfo, withSymbols: true);
        }
        finally
        {
            ((delegate* unmanaged<nint, void>)Fn(Slot.ReleaseTypeInfo))(typeInfo);
        }
    }

    private static (int ElementType, long[] Shape, string[] Symbols) ReadTensorInfo(nint info, bool withSymbols)
    {
        int type;
        nuint rank;
        Check(((delegate* unmanaged<nint, int*, nint>)Fn(Slot.GetTensorElementType))(info, &type));
        Check(((delegate* unmanaged<nint, nuint*, nint>)Fn(Slot.GetDimensionsCount))(info, &rank));
        var shape = new long[(int)rank];
        fixed (long* s = shape)
            Check(((delegate* unmanaged<nint, long*, nuint, nint>)Fn(Slot.GetDimensions))(info, s, rank));
        if (!withSymbols) return (type, shape, []);
        var raw = new nint[(int)rank];
        fixed (nint* r = raw)
            Check(((delegate* unmanaged<nint, nint*, nuint, nint>)Fn(Slot.GetSymbolicDimensions))(info, r, rank));
        return (type, shape, Array.ConvertAll(raw, p => Utf8((byte*)p)));
    }

    internal static void Run(nint session, nint runOptions, nint[] inputNames, nint[] inputs, nint[] outputNames, nint[] outputs)
    {
        fixed (nint* inNames = inputNames)
        fixed (nint* inValues = inputs)
        fixed (nint* outNames = outputNames)
        fixed (nint* outValues = outputs)
            Check(((delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint>)Fn(Slot.Run))(
                session, runOptions, inNames, inValues, (nuint)inputs.Length, outNames, (nuint)outputs.Length, outValues));
    }

    // ---- model metadata ---------------------------------------------------------------------

    internal static nint SessionGetModelMetadata(nint session)
    {
        nint metadata;
        Check(((delegate* unmanaged<nint, nint*, nint>)Fn(Slot.SessionGetModelMetadata))(session, &metadata));
        return metadata;
    }

    internal enum MetadataString { ProducerName, GraphName, Domain, Description }

    internal static string ModelMetadataString(nint metadata, MetadataString which)
    {
        var slot = which switch
        {
            MetadataString.ProducerName => Slot.ModelMetadataGetProducerName,
            MetadataString.GraphName => Slot.ModelMetadataGetGraphName,
            MetadataString.Domain => Slot.ModelMetadataGetDomain,
            _ => Slot.ModelMetadataGetDescription,
        };
        byte* value;
        Check(((delegate* unmanaged<nint, nint, byte**, nint>)Fn(slot))(metadata, DefaultAllocator(), &value));
        return TakeAllocated(value);
    }

    internal static long ModelMetadataVersion(nint metadata)
    {
        long version;
        Check(((delegate* unmanaged<nint, long*, nint>)Fn(Slot.ModelMetadataGetVersion))(metadata, &version));
        return version;
    }

    internal static Dictionary<string, string> ModelMetadataCustomMap(nint metadata)
    {
        byte** keys;
        long count;
        Check(((delegate* unmanaged<nint, nint, byte***, long*, nint>)Fn(Slot.ModelMetadataGetCustomMetadataMapKeys))(
            metadata, DefaultAllocator(), &keys, &count));
        var map = new Dictionary<string, string>((int)count, StringComparer.Ordinal);
        if (keys == null) return map;
        try
        {
            for (var i = 0; i < count; i++)
            {
                byte* value;
                Check(((delegate* unmanaged<nint, nint, byte*, byte**, nint>)Fn(Slot.ModelMetadataLookupCustomMetadataMap))(
                    metadata, DefaultAllocator(), keys[i], &value));
                map[Utf8(keys[i])] = TakeAllocated(value);
            }
        }
        finally
        {
            for (var i = 0; i < count; i++) AllocatorFree(keys[i]);
            AllocatorFree(keys);
        }
        return map;
    }

    // ---- values -----------------------------------------------------------------------------

    internal static nint CreateCpuMemoryInfo()
    {
        nint info;
        Check(((delegate* unmanaged<int, int, nint*, nint>)Fn(Slot.CreateCpuMemoryInfo))(1 /* OrtArenaAllocator */, 0 /* OrtMemTypeDefault */, &info));
        return info;
    }

    internal static nint CreateTensorWithData(nint memoryInfo, void* data, long byteLength, ReadOnlySpan<long> shape, int elementType)
    {
        nint value;
        fixed (long* s = shape)
            Check(((delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint>)Fn(Slot.CreateTensorWithDataAsOrtValue))(
                memoryInfo, data, (nuint)byteLength, s, (nuint)shape.Length, elementType, &value));
        return value;
    }

    internal static nint CreateTensor(ReadOnlySpan<long> shape, int elementType)
    {
        nint value;
        fixed (long* s = shape)
            Check(((delegate* unmanaged<nint, long*, nuint, int, nint*, nint>)Fn(Slot.CreateTensorAsOrtValue))(
                DefaultAllocator(), s, (nuint)shape.Length, elementType, &value));
        return value;
    }

    internal static bool IsTensor(nint value)
    {
        int isTensor;
        Check(((delegate* unmanaged<nint, int*, nint>)Fn(Slot.IsTensor))(value, &isTensor));
        return isTensor != 0;
    }

    internal static void* GetTensorMutableData(nint value)
    {
        void* data;
        Check(((delegate* unmanaged<nint, void**, nint>)Fn(Slot.GetTensorMutableData))(value, &data));
        return data;
    }

    internal static (int ElementType, long[] Shape) GetTensorTypeAndShape(nint value)
    {
        nint info;
        Check(((delegate* unmanaged<nint, nint*, nint>)Fn(Slot.GetTensorTypeAndShape))(value, &info));
        try
        {
            var (type, shape, _) = ReadTensorInfo(info, withSymbols: false);
            return (type, shape);
        }
        finally
        {
            ((delegate* unmanaged<nint, void>)Fn(Slot.ReleaseTensorTypeAndShapeInfo))(info);
        }
    }

    // ---- run options ------------------------------------------------------------------------

    internal static nint CreateRunOptions()
    {
        nint options;
        Check(((delegate* unmanaged<nint*, nint>)Fn(Slot.CreateRunOptions))(&options));
        return options;
    }

    internal static void RunOptionsSetTerminate(nint options, bool terminate) =>
        Check(((delegate* unmanaged<nint, nint>)Fn(terminate ? Slot.RunOptionsSetTerminate : Slot.RunOptionsUnsetTerminate))(options));

    internal static void RunOptionsSetRunTag(nint options, string tag)
    {
        fixed (byte* t = Encode(tag))
            Check(((delegate* unmanaged<nint, byte*, nint>)Fn(Slot.RunOptionsSetRunTag))(options, t));
    }

    // ---- I/O binding ------------------------------------------------------------------------

    internal static nint CreateIoBinding(nint session)
    {
        nint binding;
        Check(((delegate* unmanaged<nint, nint*, nint>)Fn(Slot.CreateIoBinding))(session, &binding));
        return binding;
    }

    internal static void Bind(nint binding, bool input, string name, nint value)
    {
        fixed (byte* n = Encode(name))
            Check(((delegate* unmanaged<nint, byte*, nint, nint>)Fn(input ? Slot.BindInput : Slot.BindOutput))(binding, n, value));
    }

    internal static void BindOutputToDevice(nint binding, string name, nint memoryInfo)
    {
        fixed (byte* n = Encode(name))
            Check(((delegate* unmanaged<nint, byte*, nint, nint>)Fn(Slot.BindOutputToDevice))(binding, n, memoryInfo));
    }

    internal static void ClearBound(nint binding, bool inputs) =>
        ((delegate* unmanaged<nint, void>)Fn(inputs ? Slot.ClearBoundInputs : Slot.ClearBoundOutputs))(binding);

    internal static void RunWithBinding(nint session, nint runOptions, nint binding) =>
        Check(((delegate* unmanaged<nint, nint, nint, nint>)Fn(Slot.RunWithBinding))(session, runOptions, binding));

    /// <summary>The bound output values in binding order; the caller owns each returned value.</summary>
    internal static nint[] GetBoundOutputValues(nint binding)
    {
        nint* values;
        nuint count;
        Check(((delegate* unmanaged<nint, nint, nint**, nuint*, nint>)Fn(Slot.GetBoundOutputValues))(
            binding, DefaultAllocator(), &values, &count));
        if (values == null) return [];
        var result = new ReadOnlySpan<nint>(values, (int)count).ToArray();
        AllocatorFree(values);
        return result;
    }

    // ---- release ----------------------------------------------------------------------------

    internal static void ReleaseEnv(nint p) => Release(Slot.ReleaseEnv, p);
    internal static void ReleaseSessionOptions(nint p) => Release(Slot.ReleaseSessionOptions, p);
    internal static void ReleaseSession(nint p) => Release(Slot.ReleaseSession, p);
    internal static void ReleaseValue(nint p) => Release(Slot.ReleaseValue, p);
    internal static void ReleaseMemoryInfo(nint p) => Release(Slot.ReleaseMemoryInfo, p);
    internal static void ReleaseRunOptions(nint p) => Release(Slot.ReleaseRunOptions, p);
    internal static void ReleaseIoBinding(nint p) => Release(Slot.ReleaseIoBinding, p);
    internal static void ReleaseModelMetadata(nint p) => Release(Slot.ReleaseModelMetadata, p);

    private static void Release(Slot slot, nint p) => ((delegate* unmanaged<nint, void>)Fn(slot))(p);
}
