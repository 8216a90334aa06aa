using Microsoft.ML;
using Microsoft.ML.Data;

namespace Pix2Pix.Inference.MLNet;

/// <summary>
/// The lazy result of <see cref="ImageTranslationTransformer.Transform"/>: the input's rows with the translated images
/// added. Each cursor that needs the output runs a second input cursor over the image column only, a batch ahead.
/// </summary>
internal sealed class TranslatedDataView(ImageTranslationTransformer owner, IDataView input, DataViewSchema schema) : IDataView
{
    public bool CanShuffle => false;

    public DataViewSchema Schema { get; } = schema;

    public long? GetRowCount() => input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        int inputCount = input.Schema.Count;
        var needed = columnsNeeded.ToList();
        bool translate = needed.Any(c => c.Index >= inputCount);
        var main = input.GetRowCursor(needed.Where(c => c.Index < inputCount).Select(c => input.Schema[c.Index]));
        try
        {
            DataViewRowCursor? ahead = translate
                ? input.GetRowCursor([ImageTranslationTransformer.FindInput(input.Schema, owner.InputColumnName)])
                : null;
            return new Cursor(owner, Schema, inputCount, main, ahead, needed.Select(c => c.Index).ToHashSet());
        }
        catch
        {
            main.Dispose();
            throw;
        }
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly RowTranslator _rows;
        private readonly int _batchSize, _inputCount;
        private readonly DataViewRowCursor _main;
        private readonly DataViewRowCursor? _ahead;
        private readonly ImageSourceReader? _reader;
        private readonly HashSet<int> _active;
        private RowOutcome[] _batch = [];
        private long _batchStart;
        private bool _disposed;

        public Cursor(ImageTranslationTransformer owner, DataViewSchema schema, int inputCount, DataViewRowCursor main,
            DataViewRowCursor? ahead, HashSet<int> active)
        {
            _rows = owner.Rows;
            _batchSize = owner.Options.BatchSize;
            Schema = schema;
            _inputCount = inputCount;
            _main = main;
            _ahead = ahead;
            _active = active;
            if (ahead is not null) _reader = new ImageSourceReader(ahead, ahead.Schema[owner.InputColumnName]);
        }

        public override DataViewSchema Schema { get; }

        public override long Position => _main.Position;

        public override long Batch => _main.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => _main.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index < _inputCount ? _main.IsColumnActive(_main.Schema[column.Index]) : _active.Contains(column.Index);

        public override bool MoveNext()
        {
            if (!_main.MoveNext()) return false;
            if (_ahead is not null && _main.Position >= _batchStart + _batch.Length) ReadBatch();
            return true;
        }

        /// <summary>Reads up to a batch of rows on the look-ahead cursor and translates them together.</summary>
        private void ReadBatch()
        {
            var pending = new List<PendingRow>(_batchSize);
            try
            {
                while (pending.Count < _batchSize && _ahead!.MoveNext())
                    pending.Add(RowTranslator.Read(_reader!, _ahead.Position));
            }
            catch
            {
                foreach (var p in pending) p.Image?.Dispose();
                throw;
            }
            if (pending.Count == 0 || pending[0].Row != _main.Position)
            {
                foreach (var p in pending) p.Image?.Dispose();
                throw new InvalidOperationException(
                    $"the input data view gave its cursors different rows (row {_main.Position} vs {(pending.Count == 0 ? "end" : pending[0].Row)}); it must enumerate the same rows for every cursor");
            }
            _batchStart = pending[0].Row;
            _batch = [];
            _batch = _rows.Translate(pending);
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index < _inputCount) return _main.GetGetter<TValue>(_main.Schema[column.Index]);
            if (!_active.Contains(column.Index)) throw new InvalidOperationException($"column '{column.Name}' is not active in this cursor");
            return Outcomes.Getter<TValue>(column, _inputCount, () => Current);
        }

        private RowOutcome Current => _main.Position >= _batchStart && _main.Position - _batchStart < _batch.Length
            ? _batch[_main.Position - _batchStart]
            : throw new InvalidOperationException("the cursor is not on a row");

        protected override void Dispose(bool disposing)
        {
            if (_disposed) return;
            _disposed = true;
            if (disposing)
            {
                _main.Dispose();
                _ahead?.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}

/// <summary>Output helpers shared by the view and the row mapper.</summary>
internal static class Outcomes
{
    /// <summary>The getter of an added column: the PNG bytes (the column right after the input's) or the error text, of the row <paramref name="current"/> gives.</summary>
    public static ValueGetter<TValue> Getter<TValue>(DataViewSchema.Column column, int inputCount, Func<RowOutcome> current)
    {
        Delegate getter = column.Index == inputCount
            ? (ValueGetter<VBuffer<byte>>)((ref VBuffer<byte> value) => CopyPng(current().TakePng(), ref value))
            : (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) => value = current().Error.AsMemory());
        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"column '{column.Name}' is {column.Type}, not {typeof(TValue)}");
    }

    private static void CopyPng(byte[] png, ref VBuffer<byte> value)
    {
        var editor = VBufferEditor.Create(ref value, png.Length);
        png.CopyTo(editor.Values);
        value = editor.Commit();
    }
}
