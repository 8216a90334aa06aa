// Loads a pipeline saved with mlContext.Model.Save (TranslateImages inside) and translates image files with it:
//   dotnet run -- <model.zip> <output folder> <image>...
// The pipeline's input column must be the image path column; its translated column (PNG bytes) is written as
// <output folder>/<image name>.png.
using Microsoft.ML;
using Microsoft.ML.Data;

if (args.Length < 3)
{
    Console.Error.WriteLine("usage: LoadSavedModel <model.zip> <output folder> <image>...");
    return 2;
}
var ml = new MLContext();
ITransformer model = ml.Model.Load(args[0], out DataViewSchema inputSchema);
string input = inputSchema.Single(c => c.Type is TextDataViewType).Name;
var definition = SchemaDefinition.Create(typeof(ImageRow));
definition[0].ColumnName = input;
IDataView images = ml.Data.LoadFromEnumerable(args.Skip(2).Select(path => new ImageRow { Path = path }), definition);
IDataView translated = model.Transform(images);
string output = translated.Schema.First(c => c.Index >= inputSchema.Count && c.Type is VectorDataViewType).Name;
Directory.CreateDirectory(args[1]);
int written = 0;
foreach (var (path, png) in args.Skip(2).Zip(translated.GetColumn<byte[]>(output)))
{
    File.WriteAllBytes(Path.Combine(args[1], Path.GetFileNameWithoutExtension(path) + ".png"), png);
    written++;
}
Console.WriteLine($"{written} images translated through column '{output}'");
return 0;

internal sealed class ImageRow
{
    public string Path { get; set; } = "";
}
