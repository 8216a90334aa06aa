using System.Text.Json.Serialization;

namespace Pix2Pix.Training.Reports;

/// <summary>
/// One line of <c>loss_log.jsonl</c>. The <c>kind</c> field tells <see cref="StepRecord"/> (<c>"step"</c>)
/// from <see cref="ValidationRecord"/> (<c>"val"</c>).
/// </summary>
/// <param name="Epoch">1-based epoch, as the official trainer counts.</param>
/// <param name="Iter">Global iteration (optimization steps since the run began, across resumes).</param>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(StepRecord), "step")]
[JsonDerivedType(typeof(ValidationRecord), "val")]
public abstract record LossRecord(
    [property: JsonPropertyName("epoch"), JsonPropertyOrder(-2)] int Epoch,
    [property: JsonPropertyName("iter"), JsonPropertyOrder(-1)] long Iter);

/// <summary>Training losses at one logged iteration.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Iter">Global iteration.</param>
/// <param name="EpochIter">Iteration within the epoch (1-based).</param>
/// <param name="TimeS">Seconds of training since the run (or the resumed run) started.</param>
/// <param name="Lr">Learning rate in force.</param>
/// <param name="G_GAN">Generator's adversarial loss.</param>
/// <param name="G_L1">Generator's L1 loss, already weighted by lambda_L1.</param>
/// <param name="D_real">Discriminator's loss on real pairs.</param>
/// <param name="D_fake">Discriminator's loss on fake pairs.</param>
/// <param name="D_GP">WGAN-GP's gradient penalty (already weighted by lambda_gp); 0, and left out of the log, in the other GAN modes.</param>
public sealed record StepRecord(
    int Epoch,
    long Iter,
    [property: JsonPropertyName("epoch_iter")] int EpochIter,
    [property: JsonPropertyName("time_s")] double TimeS,
    [property: JsonPropertyName("lr")] double Lr,
    [property: JsonPropertyName("G_GAN")] double G_GAN,
    [property: JsonPropertyName("G_L1")] double G_L1,
    [property: JsonPropertyName("D_real")] double D_real,
    [property: JsonPropertyName("D_fake")] double D_fake,
    [property: JsonPropertyName("D_GP"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] double D_GP = 0) : LossRecord(Epoch, Iter)
{
    /// <summary>A record of the losses <see cref="Pix2PixModel.OptimizeParameters"/> returned.</summary>
    public static StepRecord From(int epoch, long iter, int epochIter, double timeS, double lr, StepLosses losses) =>
        new(epoch, iter, epochIter, timeS, lr, losses.G_GAN, losses.G_L1, losses.D_real, losses.D_fake, losses.D_GP);

    /// <summary>The losses as the model reports them.</summary>
    [JsonIgnore]
    public StepLosses Losses => new(G_GAN, G_L1, D_real, D_fake, D_GP);
}

/// <summary>Validation metrics computed at the end of an epoch.</summary>
/// <param name="Epoch">The epoch that just ended.</param>
/// <param name="Iter">Global iteration at which the epoch ended.</param>
/// <param name="ValL1">Mean L1 distance between fake_B and real_B on the validation set.</param>
/// <param name="ValPsnr">Mean PSNR (dB) on the validation set.</param>
public sealed record ValidationRecord(
    int Epoch,
    long Iter,
    [property: JsonPropertyName("val_L1")] double ValL1,
    [property: JsonPropertyName("val_PSNR")] double ValPsnr) : LossRecord(Epoch, Iter);
