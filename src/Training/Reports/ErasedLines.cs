using Spectre.Console;
using Spectre.Console.Rendering;

namespace Pix2Pix.Training.Reports;

/// <summary>
/// Clears each terminal line before <paramref name="inner"/> writes to it. A line printed above a live display lands
/// where the display was drawn; without the erase, the display's longer lines would show through after the text.
/// </summary>
internal sealed class ErasedLines(IRenderable inner) : IRenderable
{
    private const string EraseLine = "\u001b[2K";

    public Measurement Measure(RenderOptions options, int maxWidth) => inner.Measure(options, maxWidth);

    public IEnumerable<Segment> Render(RenderOptions options, int maxWidth)
    {
        yield return Segment.Control(EraseLine);
        foreach (Segment segment in inner.Render(options, maxWidth))
        {
            yield return segment;
            if (segment.IsLineBreak) yield return Segment.Control(EraseLine);
        }
    }
}
