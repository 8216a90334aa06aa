using System.Runtime.CompilerServices;

// The tests also run the scalar passes (PilResampler.Resize(..., simd: false)) against Pillow's bytes.
[assembly: InternalsVisibleTo("Pix2Pix.Imaging.Tests")]
