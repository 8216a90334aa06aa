using Microsoft.ML;
using Microsoft.ML.Data;

namespace Pix2Pix.Inference.MLNet;

/// <summary>
/// The lazy result of <see cref="ImageTranslationTransformer.Transform"/>: the input's rows with the translated images
/// added. Each cursor that needs the output runs a second input cursor over the image column only, a few batches ahead,
/// through a <see cref="BatchPipeline"/> (decode, model run and encode overlapped).
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
        private readonly int _inputCount;
        private readonly DataViewRowCursor _main;
        private readonly DataViewRowCursor? _ahead;
        private readonly BatchPipeline? _pipeline;
        private readonly HashSet<int> _active;
        private RowOutcome[] _batch = [];
        private long _batchStart;
        private bool _disposed;

        public Cursor(ImageTranslationTransformer owner, DataViewSchema schema, int inputCount, DataViewRowCursor main,
            DataViewRowCursor? ahead, HashSet<int> active)
        {
            Schema = schema;
            _inputCount = inputCount;
            _main = main;
            _ahead = ahead;
            _active = active;
            if (ahead is not null)
            {
                var reader = new ImageSourceReader(ahead, ahead.Schema[owner.InputColumnName], owner.Rows.MaxImagePixels);
                _pipeline = new BatchPipeline(owner.Rows, ahead, reader, owner.Options.BatchSize);
            }
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
            if (_pipeline is not null && _main.Position >= _batchStart + _batch.Length) NextBatch();
            return true;
        }

        /// <summary>Takes the next translated batch from the pipeline; it must start at this cursor's row.</summary>
        private void NextBatch()
        {
            _batch = [];
            BatchPipeline.Batch? next = _pipeline!.Next();
            if (next is not { } batch || batch.Start != _main.Position)
                throw new InvalidOperationException(
                    $"the input data view gave its cursors different rows (row {_main.Position} vs {(next is { } b ? b.Start : "end")}); it must enumerate the same rows for every cursor");
            _batchStart = batch.Start;
            _batch = batch.Outcomes;
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
                // The pipeline first: it reads the look-ahead cursor from its own tasks until it has stopped.
                _pipeline?.Dispose();
                _main.Dispose();
                _ahead?.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}

