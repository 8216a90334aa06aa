using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Pix2Pix.Reports.Tests")]
[assembly: InternalsVisibleTo("Pix2Pix.Training.Tests")]
