namespace Pix2Pix.Inference;

/// <summary>One item for a <see cref="TranslationPipeline"/>.</summary>
/// <param name="Source">The image to translate.</param>
/// <param name="OutputPath">
/// Where to write the result (format from the extension, written atomically, folders created); null to get the encoded
/// bytes in <see cref="TranslationResult.Encoded"/> instead.
/// </param>
public sealed record TranslationRequest(ImageSource Source, string? OutputPath = null);
