namespace Pix2Pix.Training.Data;

/// <summary>The random choices of one sample (official <c>get_params</c>), shared by its A and B images.</summary>
/// <param name="CropX">Left edge of the crop in the scaled image.</param>
/// <param name="CropY">Top edge of the crop in the scaled image.</param>
/// <param name="Flip">Mirror left to right.</param>
internal readonly record struct Jitter(int CropX, int CropY, bool Flip);
