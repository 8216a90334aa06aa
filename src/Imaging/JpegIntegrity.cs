namespace Pix2Pix.Imaging;

/// <summary>
/// libjpeg decodes a truncated JPEG without failing (the missing part turns gray); PIL and this module reject it.
/// A JPEG is complete when an end-of-image marker (FF D9) follows its last start-of-scan marker (FF DA):
/// neither can occur inside entropy-coded data, and an EXIF thumbnail's markers come before the main image's scans.
/// </summary>
internal static class JpegIntegrity
{
    public static bool IsJpeg(ReadOnlySpan<byte> bytes) => bytes is [0xFF, 0xD8, 0xFF, ..];

    public static bool IsTruncated(ReadOnlySpan<byte> bytes)
    {
        int lastScan = bytes.LastIndexOf([(byte)0xFF, (byte)0xDA]);
        return lastScan < 0 || bytes[lastScan..].IndexOf([(byte)0xFF, (byte)0xD9]) < 0;
    }
}
