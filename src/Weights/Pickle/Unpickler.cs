using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Pix2Pix.Weights.Pickle;

/// <summary>
/// A pickle virtual machine for protocols 0-4 without code execution: globals, calls and persistent ids are
/// all delegated to an <see cref="IPickleHost"/>. Integers come back as long (BigInteger when wider), strings
/// as string (Python 2 byte strings decoded as Latin-1), tuples as object?[], lists as List&lt;object?&gt;,
/// dicts as <see cref="PyDict"/>.
/// </summary>
internal sealed class Unpickler
{
    private static readonly object Mark = new();

    private readonly byte[] _data;
    private readonly string _source;
    private readonly IPickleHost _host;
    private readonly List<object?> _stack = [];
    private readonly Stack<List<object?>> _marks = new();
    private readonly Dictionary<long, object?> _memo = [];
    private int _position;

    private Unpickler(byte[] data, int position, string source, IPickleHost host)
    {
        _data = data;
        _position = position;
        _source = source;
        _host = host;
    }

    /// <summary>Runs one pickle starting at <paramref name="position"/>, which is advanced past its STOP.</summary>
    public static object? Load(byte[] data, ref int position, string source, IPickleHost host)
    {
        var unpickler = new Unpickler(data, position, source, host);
        object? result = unpickler.Run();
        position = unpickler._position;
        return result;
    }

    private object? Run()
    {
        while (true)
        {
            int at = _position;
            byte opcode = ReadByte();
            switch (opcode)
            {
                case 0x80: ReadByte(); break;                                             // PROTO
                case 0x95: ReadBytes(8); break;                                           // FRAME
                case 0x2E: return StopValue();                                            // STOP
                case 0x28: _marks.Push([.. _stack]); _stack.Clear(); break;               // MARK
                case 0x30: Pop(); break;                                                  // POP
                case 0x31: PopMark(); break;                                              // POP_MARK
                case 0x32: Push(Peek()); break;                                           // DUP
                case 0x4E: Push(null); break;                                             // NONE
                case 0x88: Push(true); break;                                             // NEWTRUE
                case 0x89: Push(false); break;                                            // NEWFALSE
                case 0x4A: Push((long)BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4))); break; // BININT
                case 0x4B: Push((long)ReadByte()); break;                                 // BININT1
                case 0x4D: Push((long)BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2))); break; // BININT2
                case 0x8A: Push(ReadLong(ReadByte())); break;                             // LONG1
                case 0x8B: Push(ReadLong(ReadLength(4))); break;                          // LONG4
                case 0x49: Push(ParseTextInt(ReadLine())); break;                         // INT
                case 0x4C: Push(ParseTextInt(ReadLine().TrimEnd('L'))); break;            // LONG
                case 0x47: Push(BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8))); break; // BINFLOAT
                case 0x46: Push(ParseTextFloat(ReadLine())); break;                      // FLOAT
                case 0x58: Push(Encoding.UTF8.GetString(ReadBytes(ReadLength(4)))); break; // BINUNICODE
                case 0x8C: Push(Encoding.UTF8.GetString(ReadBytes(ReadByte()))); break;   // SHORT_BINUNICODE
                case 0x8D: Push(Encoding.UTF8.GetString(ReadBytes(ReadLength(8)))); break; // BINUNICODE8
                case 0x54: Push(Encoding.Latin1.GetString(ReadBytes(ReadLength(4)))); break; // BINSTRING
                case 0x55: Push(Encoding.Latin1.GetString(ReadBytes(ReadByte()))); break; // SHORT_BINSTRING
                case 0x42: Push(ReadBytes(ReadLength(4)).ToArray()); break;               // BINBYTES
                case 0x43: Push(ReadBytes(ReadByte()).ToArray()); break;                  // SHORT_BINBYTES
                case 0x8E: Push(ReadBytes(ReadLength(8)).ToArray()); break;               // BINBYTES8
                case 0x7D: Push(new PyDict()); break;                                     // EMPTY_DICT
                case 0x64: Push(SetItems(new PyDict(), PopMark())); break;                // DICT
                case 0x5D: Push(new List<object?>()); break;                              // EMPTY_LIST
                case 0x6C: Push(PopMark()); break;                                        // LIST
                case 0x29: Push(Array.Empty<object?>()); break;                           // EMPTY_TUPLE
                case 0x74: Push(PopMark().ToArray()); break;                              // TUPLE
                case 0x85: Push(PopTuple(1)); break;                                      // TUPLE1
                case 0x86: Push(PopTuple(2)); break;                                      // TUPLE2
                case 0x87: Push(PopTuple(3)); break;                                      // TUPLE3
                case 0x61: Append(Pop()); break;                                          // APPEND
                case 0x65: foreach (var item in PopMark()) Append(item); break;           // APPENDS
                case 0x73: SetItem(Pop(), Pop()); break;                                  // SETITEM (value, key)
                case 0x75: SetItems(PopMark()); break;                                    // SETITEMS
                case 0x71: _memo[ReadByte()] = Peek(); break;                             // BINPUT
                case 0x72: _memo[BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))] = Peek(); break; // LONG_BINPUT
                case 0x70: _memo[ParseMemoIndex(ReadLine())] = Peek(); break;             // PUT
                case 0x94: _memo[_memo.Count] = Peek(); break;                            // MEMOIZE
                case 0x68: Push(Recall(ReadByte(), at)); break;                           // BINGET
                case 0x6A: Push(Recall(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)), at)); break; // LONG_BINGET
                case 0x67: Push(Recall(ParseMemoIndex(ReadLine()), at)); break;           // GET
                case 0x63: Push(_host.ResolveGlobal(ReadLine(), ReadLine())); break;      // GLOBAL
                case 0x93: Push(StackGlobal(at)); break;                                  // STACK_GLOBAL
                case 0x52: Push(Reduce(at)); break;                                       // REDUCE
                case 0x81: Push(Reduce(at)); break;                                       // NEWOBJ (cls, args)
                case 0x62: Build(Pop()); break;                                           // BUILD
                case 0x51: Push(_host.PersistentLoad(Pop())); break;                      // BINPERSID
                default:
                    throw Invalid($"unsupported pickle opcode 0x{opcode:X2} at offset {at}");
            }
        }
    }

    private object? StopValue()
    {
        if (_stack.Count != 1 || _marks.Count != 0)
            throw Invalid($"pickle stopped with {_stack.Count} values on the stack and {_marks.Count} open marks");
        return _stack[0];
    }

    private object? Reduce(int at)
    {
        object? arguments = Pop();
        object? callable = Pop();
        if (callable is not PyGlobal global)
            throw Invalid($"call at offset {at} targets a {Describe(callable)}, not an allowed global");
        if (arguments is not object?[] tuple)
            throw Invalid($"call of {global} at offset {at} has {Describe(arguments)} arguments, not a tuple");
        return _host.Call(global, tuple);
    }

    private PyGlobal StackGlobal(int at)
    {
        object? name = Pop();
        object? module = Pop();
        if (module is not string moduleName || name is not string globalName)
            throw Invalid($"STACK_GLOBAL at offset {at} needs two strings");
        return _host.ResolveGlobal(moduleName, globalName);
    }

    private void Build(object? state)
    {
        if (Peek() is PyDict dict)
            dict.Attributes = state;
    }

    private void Append(object? item)
    {
        if (Peek() is not List<object?> list)
            throw Invalid($"APPEND on a {Describe(Peek())}");
        list.Add(item);
    }

    private void SetItem(object? value, object? key) => Add(TopDict(), key, value);

    private void SetItems(List<object?> pairs) => SetItems(TopDict(), pairs);

    private PyDict SetItems(PyDict dict, List<object?> pairs)
    {
        if (pairs.Count % 2 != 0)
            throw Invalid("SETITEMS with an odd number of values");
        for (int i = 0; i < pairs.Count; i += 2)
            Add(dict, pairs[i], pairs[i + 1]);
        return dict;
    }

    private void Add(PyDict dict, object? key, object? value) =>
        dict.Items[key ?? throw Invalid("dict key None is not supported")] = value;

    private PyDict TopDict() => Peek() as PyDict ?? throw Invalid($"SETITEM on a {Describe(Peek())}");

    private object? Recall(long index, int at) =>
        _memo.TryGetValue(index, out var value) ? value : throw Invalid($"memo slot {index} read at offset {at} was never written");

    private void Push(object? value) => _stack.Add(value);

    private object? Peek() => _stack.Count > 0 ? _stack[^1] : throw Invalid("stack underflow");

    private object? Pop()
    {
        object? value = Peek();
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private object?[] PopTuple(int count)
    {
        if (_stack.Count < count)
            throw Invalid("stack underflow");
        var tuple = _stack.GetRange(_stack.Count - count, count).ToArray();
        _stack.RemoveRange(_stack.Count - count, count);
        return tuple;
    }

    private List<object?> PopMark()
    {
        if (!_marks.TryPop(out var below))
            throw Invalid("MARK expected but none is open");
        var items = new List<object?>(_stack);
        _stack.Clear();
        _stack.AddRange(below);
        return items;
    }

    private byte ReadByte() => ReadBytes(1)[0];

    private ReadOnlySpan<byte> ReadBytes(long count)
    {
        if (count < 0 || count > _data.Length - _position)
            throw Invalid($"pickle truncated: {count} bytes needed at offset {_position}, {_data.Length - _position} left");
        var span = _data.AsSpan(_position, (int)count);
        _position += (int)count;
        return span;
    }

    private long ReadLength(int width)
    {
        var bytes = ReadBytes(width);
        long length = width == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : BinaryPrimitives.ReadInt64LittleEndian(bytes);
        return length;
    }

    private object ReadLong(long byteCount)
    {
        var value = new BigInteger(ReadBytes(byteCount), isUnsigned: false, isBigEndian: false);
        return value >= long.MinValue && value <= long.MaxValue ? (long)value : value;
    }

    private string ReadLine()
    {
        int end = Array.IndexOf(_data, (byte)'\n', _position);
        if (end < 0)
            throw Invalid($"pickle truncated: unterminated line at offset {_position}");
        string line = Encoding.UTF8.GetString(_data, _position, end - _position);
        _position = end + 1;
        return line;
    }

    private object ParseTextInt(string text) => text switch
    {
        "00" => false,
        "01" => true,
        _ when long.TryParse(text, out long value) => value,
        _ when BigInteger.TryParse(text, out var big) => big,
        _ => throw Invalid($"'{text}' is not an integer"),
    };

    private double ParseTextFloat(string text) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value)
            ? value
            : throw Invalid($"'{text}' is not a float");

    private long ParseMemoIndex(string text) =>
        long.TryParse(text, out long index) ? index : throw Invalid($"'{text}' is not a memo index");

    private static string Describe(object? value) => value switch
    {
        null => "None",
        object?[] => "tuple",
        List<object?> => "list",
        PyDict => "dict",
        _ => value.GetType().Name,
    };

    private InvalidDataException Invalid(string message) => new($"{_source}: {message}");
}
