namespace Pix2Pix.Weights.Pickle;

/// <summary>Decides what a pickle may reference and builds the objects it asks for; nothing else is ever run.</summary>
internal interface IPickleHost
{
    /// <summary>Returns the global, or throws <see cref="InvalidDataException"/> if it is not allowed.</summary>
    PyGlobal ResolveGlobal(string module, string name);

    /// <summary>REDUCE / NEWOBJ on an allowed global; tuples arrive as object?[], lists as List&lt;object?&gt;.</summary>
    object? Call(PyGlobal callable, object?[] arguments);

    /// <summary>BINPERSID: turns a persistent id into an object (torch uses it for tensor storages).</summary>
    object? PersistentLoad(object? persistentId);
}
