using System.Collections;

namespace Pix2Pix.OnnxRuntime;

/// <summary>The outputs of one run, in the requested order; disposing it disposes every value.</summary>
public sealed class RunResults : IReadOnlyList<OrtValue>, IDisposable
{
    private readonly OrtValue[] _values;
    private readonly string[] _names;

    internal RunResults(string[] names, OrtValue[] values)
    {
        _names = names;
        _values = values;
    }

    /// <summary>Output names, parallel to the values.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <inheritdoc/>
    public int Count => _values.Length;

    /// <inheritdoc/>
    public OrtValue this[int index] => _values[index];

    /// <summary>The output called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No output has that name.</exception>
    public OrtValue this[string name]
    {
        get
        {
            var i = Array.IndexOf(_names, name);
            return i >= 0 ? _values[i] : throw new KeyNotFoundException($"No output named '{name}'; outputs: {string.Join(", ", _names)}.");
        }
    }

    /// <inheritdoc/>
    public IEnumerator<OrtValue> GetEnumerator() => ((IEnumerable<OrtValue>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Disposes every output value.</summary>
    public void Dispose()
    {
        foreach (var v in _values) v.Dispose();
    }
}
