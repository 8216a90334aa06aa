using Microsoft.ML;
using Microsoft.ML.Data;

namespace Pix2Pix.Inference.MLNet;

/// <summary>Row-by-row translation for <c>PredictionEngine</c>: each row's image is translated when its output is first asked for.</summary>
internal sealed class TranslationRowMapper(ImageTranslationTransformer owner, DataViewSchema inputSchema, DataViewSchema outputSchema) : IRowToRowMapper
{
    public DataViewSchema InputSchema { get; } = inputSchema;

    public DataViewSchema OutputSchema { get; } = outputSchema;

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        ArgumentNullException.ThrowIfNull(dependingColumns);
        var columns = dependingColumns.ToList();
        var result = columns.Where(c => c.Index < InputSchema.Count).Select(c => InputSchema[c.Index]).ToList();
        DataViewSchema.Column source = ImageTranslationTransformer.FindInput(InputSchema, owner.InputColumnName);
        if (columns.Any(c => c.Index >= InputSchema.Count) && result.All(c => c.Index != source.Index)) result.Add(source);
        return result;
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(activeColumns);
        return new Row(owner, input, OutputSchema, activeColumns.Select(c => c.Index).ToHashSet());
    }

    private sealed class Row : DataViewRow
    {
        private readonly ImageTranslationTransformer _owner;
        private readonly DataViewRow _input;
        private readonly HashSet<int> _active;
        private readonly ImageSourceReader? _reader;
        private RowOutcome _outcome;
        private long _outcomePosition = long.MinValue;

        public Row(ImageTranslationTransformer owner, DataViewRow input, DataViewSchema schema, HashSet<int> active)
        {
            _owner = owner;
            _input = input;
            _active = active;
            Schema = schema;
            if (active.Any(i => i >= input.Schema.Count))
                _reader = new ImageSourceReader(input, ImageTranslationTransformer.FindInput(input.Schema, owner.InputColumnName), owner.Rows.MaxImagePixels);
        }

        public override DataViewSchema Schema { get; }

        public override long Position => _input.Position;

        public override long Batch => _input.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index < _input.Schema.Count ? _input.IsColumnActive(_input.Schema[column.Index]) : _active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            int inputCount = _input.Schema.Count;
            if (column.Index < inputCount) return _input.GetGetter<TValue>(_input.Schema[column.Index]);
            if (_reader is null || !_active.Contains(column.Index)) throw new InvalidOperationException($"column '{column.Name}' is not active in this row");
            return Outcomes.Getter<TValue>(column, inputCount, Current);
        }

        /// <summary>The current row's outcome, translated once per position (the output and error getters share it).</summary>
        private RowOutcome Current()
        {
            long position = _input.Position;
            if (position != _outcomePosition || position < 0)
            {
                _outcome = _owner.Rows.Translate([_owner.Rows.Read(_reader!, position)])[0];
                _outcomePosition = position;
            }
            return _outcome;
        }
    }
}
