namespace Pix2Pix.OpenCv;

/// <summary>The cv::ColorConversionCodes the binding uses.</summary>
internal static class ColorCode
{
    public const int RgbaToRgb = 1;
    public const int RgbToBgr = 4;
    public const int RgbaToBgra = 5;
    public const int RgbToGray = 7;
    public const int GrayToRgb = 8;
    public const int RgbaToGray = 11;
}
