using System.Globalization;

namespace Pix2Pix.Torch;

/// <summary>Kinds of device; values are c10::DeviceType codes.</summary>
public enum DeviceType
{
    /// <summary>The host.</summary>
    CPU = 0,
    /// <summary>An NVIDIA GPU.</summary>
    CUDA = 1,
}

/// <summary>A device: type plus index (-1 = the current/default one).</summary>
public readonly record struct Device(DeviceType Type, int Index = -1)
{
    /// <summary>The host.</summary>
    public static readonly Device CPU = new(DeviceType.CPU);

    /// <summary>The CUDA device with the given index.</summary>
    public static Device CUDA(int index = 0) => new(DeviceType.CUDA, index);

    /// <summary>Parses "cpu", "cuda" or "cuda:N" (case-insensitive).</summary>
    public static Device Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var text = s.Trim().ToLowerInvariant();
        var colon = text.IndexOf(':');
        var type = colon < 0 ? text : text[..colon];
        var index = -1;
        if (colon >= 0 && !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out index))
            throw new FormatException($"Invalid device index in '{s}'.");
        return type switch
        {
            "cpu" when index <= 0 => new Device(DeviceType.CPU, index),
            "cuda" => new Device(DeviceType.CUDA, index < 0 ? 0 : index),
            _ => throw new FormatException($"Unknown device '{s}': expected cpu, cuda or cuda:N."),
        };
    }

    /// <summary>"cpu", "cuda" or "cuda:N", as torch prints devices.</summary>
    public override string ToString()
    {
        var name = Type == DeviceType.CPU ? "cpu" : "cuda";
        return Index < 0 ? name : $"{name}:{Index}";
    }
}
