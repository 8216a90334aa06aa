namespace Pix2Pix.Training.Options;

/// <summary>Rejects option combinations that cannot train, with a message that says what to change.</summary>
public static class OptionChecks
{
    public static void Validate(TrainOptions o)
    {
        Require(o.Data.InputNc is 1 or 3, $"--input_nc {o.Data.InputNc}: use 1 (gray) or 3 (RGB)");
        Require(o.Data.OutputNc is 1 or 3, $"--output_nc {o.Data.OutputNc}: use 1 (gray) or 3 (RGB)");
        Require(o.Data.BatchSize >= 1, "--batch_size must be ≥ 1");
        Require(o.NEpochs >= 0 && o.NEpochsDecay >= 0 && o.TotalEpochs >= 1, "--n_epochs + --n_epochs_decay must be ≥ 1");
        Require(o.SaveEpochFreq >= 1, "--save_epoch_freq must be ≥ 1");
        Require(o.SaveLatestFreq >= 0, $"--save_latest_freq {o.SaveLatestFreq}: use a number of iterations ≥ 1, or 0 to save latest only at the end of each epoch");
        Require(o.Lr > 0, "--lr must be > 0");
        Require(o.Beta1 is >= 0 and < 1, "--beta1 must be in [0, 1)");
        Require(o.LambdaL1 >= 0, "--lambda_L1 must be ≥ 0");
        Require(o.G.Ngf >= 1 && o.D.Ndf >= 1, "--ngf and --ndf must be ≥ 1");
        Require(o.LrPolicy != LrPolicy.cosine || o.NEpochs >= 1, "--lr_policy cosine needs --n_epochs ≥ 1");
        Require(o.LrPolicy != LrPolicy.step || o.LrDecayIters >= 1, "--lr_decay_iters must be ≥ 1");
        var multiple = o.G.NetG.SizeMultiple;
        if (o.Data.Preprocess != Preprocess.none && o.Data.Preprocess != Preprocess.scale_width)
            Require(o.Data.CropSize % multiple == 0,
                $"--crop_size {o.Data.CropSize} is not a multiple of {multiple}, which --netG {o.G.NetG} needs; " +
                (o.G.NetG.IsUnet ? $"use --crop_size {Math.Max(multiple, o.Data.CropSize / multiple * multiple)} or a smaller U-Net (--netG unet_{LargestUnetFor(o.Data.CropSize)})" : $"use a multiple of {multiple}"));
        if (o.Data.Preprocess is Preprocess.resize_and_crop or Preprocess.scale_width_and_crop)
            Require(o.Data.LoadSize >= o.Data.CropSize, $"--load_size {o.Data.LoadSize} is smaller than --crop_size {o.Data.CropSize}");
    }

    private static int LargestUnetFor(int size)
    {
        var side = 32;
        while (side * 2 <= size && size % (side * 2) == 0) side *= 2;
        return side;
    }

    private static void Require(bool ok, string message)
    {
        if (!ok) throw new ArgumentException(message);
    }
}
