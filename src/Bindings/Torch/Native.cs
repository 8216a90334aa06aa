using System.Runtime.InteropServices;

namespace Pix2Pix.Torch;

/// <summary>Every entry point of libpix2pix_torch (native/torch). Booleans travel as int, tensors as handles.</summary>
internal static unsafe partial class Native
{
    private const string Lib = "pix2pix_torch";

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int setenv(string name, string value, int overwrite);

    // errors and accounting
    [LibraryImport(Lib)] internal static partial nint p2p_last_error();
    [LibraryImport(Lib)] internal static partial long p2p_live_tensors();

    // tensor lifetime and metadata
    [LibraryImport(Lib)] internal static partial void p2p_tensor_free(nint t);
    [LibraryImport(Lib)] internal static partial long p2p_tensor_dim(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int p2p_tensor_sizes(TensorHandle t, long* dst, long capacity);
    [LibraryImport(Lib)] internal static partial long p2p_tensor_numel(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int p2p_tensor_dtype(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int p2p_tensor_device(TensorHandle t, int* type, int* index);
    [LibraryImport(Lib)] internal static partial int p2p_tensor_requires_grad(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int p2p_tensor_set_requires_grad(TensorHandle t, int value);
    [LibraryImport(Lib)] internal static partial int p2p_tensor_is_leaf(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int p2p_tensor_grad(TensorHandle t, nint* grad);
    [LibraryImport(Lib)] internal static partial int p2p_tensor_reset_grad(TensorHandle t);
    [LibraryImport(Lib)] internal static partial int p2p_tensor_is_contiguous(TensorHandle t, int memoryFormat);

    // views and conversions
    [LibraryImport(Lib)] internal static partial nint p2p_tensor_to_device(TensorHandle t, int type, int index);
    [LibraryImport(Lib)] internal static partial nint p2p_tensor_to_dtype(TensorHandle t, int dtype);
    [LibraryImport(Lib)] internal static partial nint p2p_tensor_detach(TensorHandle t);
    [LibraryImport(Lib)] internal static partial nint p2p_tensor_clone(TensorHandle t);
    [LibraryImport(Lib)] internal static partial nint p2p_tensor_alias(TensorHandle t);
    [LibraryImport(Lib)] internal static partial nint p2p_tensor_contiguous(TensorHandle t, int memoryFormat);
    [LibraryImport(Lib)] internal static partial nint p2p_tensor_reshape(TensorHandle t, long* shape, long n);
    [LibraryImport(Lib)] internal static partial nint p2p_tensor_view(TensorHandle t, long* shape, long n);
    [LibraryImport(Lib)] internal static partial nint p2p_tensor_permute(TensorHandle t, long* dims, long n);
    [LibraryImport(Lib)] internal static partial nint p2p_tensor_flatten(TensorHandle t, long start, long end);
    [LibraryImport(Lib)] internal static partial nint p2p_tensor_transpose(TensorHandle t, long dim0, long dim1);
    [LibraryImport(Lib)] internal static partial nint p2p_tensor_diagonal(TensorHandle t);
    [LibraryImport(Lib)] internal static partial nint p2p_tensor_slice(TensorHandle t, long dim, long start, long end, long step);
    [LibraryImport(Lib)] internal static partial nint p2p_tensor_narrow(TensorHandle t, long dim, long start, long length);

    // data
    [LibraryImport(Lib)] internal static partial int p2p_tensor_copy_out(TensorHandle t, int dtype, void* dst, long count);
    [LibraryImport(Lib)] internal static partial int p2p_tensor_item(TensorHandle t, double* value);

    // factories
    [LibraryImport(Lib)] internal static partial nint p2p_zeros(long* shape, long n, int dtype, int deviceType, int deviceIndex, int requiresGrad);
    [LibraryImport(Lib)] internal static partial nint p2p_ones(long* shape, long n, int dtype, int deviceType, int deviceIndex, int requiresGrad);
    [LibraryImport(Lib)] internal static partial nint p2p_empty(long* shape, long n, int dtype, int deviceType, int deviceIndex, int requiresGrad);
    [LibraryImport(Lib)] internal static partial nint p2p_rand(long* shape, long n, int dtype, int deviceType, int deviceIndex, int requiresGrad);
    [LibraryImport(Lib)] internal static partial nint p2p_randn(long* shape, long n, int dtype, int deviceType, int deviceIndex, int requiresGrad);
    [LibraryImport(Lib)] internal static partial nint p2p_full(long* shape, long n, double value, int dtype, int deviceType, int deviceIndex, int requiresGrad);
    [LibraryImport(Lib)] internal static partial nint p2p_from_data(void* data, long* shape, long n, int dtype, int deviceType, int deviceIndex, int requiresGrad);
    [LibraryImport(Lib)] internal static partial nint p2p_cat(nint* tensors, long n, long dim);
    [LibraryImport(Lib)] internal static partial nint p2p_stack(nint* tensors, long n, long dim);

    // arithmetic and reductions
    [LibraryImport(Lib)] internal static partial nint p2p_add(TensorHandle a, TensorHandle b, double alpha);
    [LibraryImport(Lib)] internal static partial nint p2p_sub(TensorHandle a, TensorHandle b, double alpha);
    [LibraryImport(Lib)] internal static partial nint p2p_mul(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial nint p2p_div(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial nint p2p_pow_tensor(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial nint p2p_matmul(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial nint p2p_add_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial nint p2p_rsub_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial nint p2p_mul_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial nint p2p_div_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial nint p2p_rdiv_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial nint p2p_pow(TensorHandle a, double exponent);
    [LibraryImport(Lib)] internal static partial nint p2p_neg(TensorHandle a);
    [LibraryImport(Lib)] internal static partial nint p2p_abs(TensorHandle a);
    [LibraryImport(Lib)] internal static partial nint p2p_sqrt(TensorHandle a);
    [LibraryImport(Lib)] internal static partial nint p2p_exp(TensorHandle a);
    [LibraryImport(Lib)] internal static partial nint p2p_log(TensorHandle a);
    [LibraryImport(Lib)] internal static partial nint p2p_sign(TensorHandle a);
    [LibraryImport(Lib)] internal static partial nint p2p_clamp(TensorHandle a, double min, double max);
    [LibraryImport(Lib)] internal static partial nint p2p_mean(TensorHandle a);
    [LibraryImport(Lib)] internal static partial nint p2p_sum(TensorHandle a);
    [LibraryImport(Lib)] internal static partial nint p2p_mean_dims(TensorHandle a, long* dims, long n, int keepdim);
    [LibraryImport(Lib)] internal static partial nint p2p_sum_dims(TensorHandle a, long* dims, long n, int keepdim);
    [LibraryImport(Lib)] internal static partial nint p2p_max(TensorHandle a);
    [LibraryImport(Lib)] internal static partial nint p2p_min(TensorHandle a);
    [LibraryImport(Lib)] internal static partial nint p2p_eq(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial nint p2p_gt_scalar(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial nint p2p_lt_scalar(TensorHandle a, double s);

    // in-place
    [LibraryImport(Lib)] internal static partial int p2p_zero_(TensorHandle a);
    [LibraryImport(Lib)] internal static partial int p2p_fill_(TensorHandle a, double value);
    [LibraryImport(Lib)] internal static partial int p2p_copy_(TensorHandle a, TensorHandle src);
    [LibraryImport(Lib)] internal static partial int p2p_add_(TensorHandle a, TensorHandle b, double alpha);
    [LibraryImport(Lib)] internal static partial int p2p_add_scalar_(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial int p2p_mul_scalar_(TensorHandle a, double s);
    [LibraryImport(Lib)] internal static partial int p2p_mul_(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial int p2p_div_(TensorHandle a, TensorHandle b);
    [LibraryImport(Lib)] internal static partial int p2p_addcmul_(TensorHandle a, TensorHandle b, TensorHandle c, double value);
    [LibraryImport(Lib)] internal static partial int p2p_addcdiv_(TensorHandle a, TensorHandle b, TensorHandle c, double value);
    [LibraryImport(Lib)] internal static partial int p2p_sqrt_(TensorHandle a);
    [LibraryImport(Lib)] internal static partial int p2p_clamp_(TensorHandle a, double min, double max);
    [LibraryImport(Lib)] internal static partial int p2p_normal_(TensorHandle a, double mean, double std);
    [LibraryImport(Lib)] internal static partial int p2p_uniform_(TensorHandle a, double from, double to);

    // nn.functional
    [LibraryImport(Lib)] internal static partial nint p2p_conv2d(TensorHandle x, TensorHandle w, TensorHandle b, long stride, long padding, long dilation, long groups);
    [LibraryImport(Lib)] internal static partial nint p2p_conv_transpose2d(TensorHandle x, TensorHandle w, TensorHandle b, long stride, long padding, long outputPadding, long groups, long dilation);
    [LibraryImport(Lib)] internal static partial nint p2p_batch_norm(TensorHandle x, TensorHandle mean, TensorHandle var, TensorHandle weight, TensorHandle bias, int training, double momentum, double eps);
    [LibraryImport(Lib)] internal static partial nint p2p_instance_norm(TensorHandle x, TensorHandle mean, TensorHandle var, TensorHandle weight, TensorHandle bias, int useInputStats, double momentum, double eps);
    [LibraryImport(Lib)] internal static partial nint p2p_leaky_relu(TensorHandle x, double slope);
    [LibraryImport(Lib)] internal static partial nint p2p_relu(TensorHandle x);
    [LibraryImport(Lib)] internal static partial nint p2p_tanh(TensorHandle x);
    [LibraryImport(Lib)] internal static partial nint p2p_sigmoid(TensorHandle x);
    [LibraryImport(Lib)] internal static partial nint p2p_dropout(TensorHandle x, double p, int training);
    [LibraryImport(Lib)] internal static partial nint p2p_pixel_shuffle(TensorHandle x, long factor);
    [LibraryImport(Lib)] internal static partial int p2p_adam_step_(TensorHandle param, TensorHandle grad, TensorHandle expAvg, TensorHandle expAvgSq,
        double beta1, double beta2, double eps, double stepSize, double biasCorrection2Sqrt);
    [LibraryImport(Lib)] internal static partial nint p2p_reflection_pad2d(TensorHandle x, long left, long right, long top, long bottom);
    [LibraryImport(Lib)] internal static partial nint p2p_zero_pad2d(TensorHandle x, long left, long right, long top, long bottom);
    [LibraryImport(Lib)] internal static partial nint p2p_l1_loss(TensorHandle x, TensorHandle target);
    [LibraryImport(Lib)] internal static partial nint p2p_mse_loss(TensorHandle x, TensorHandle target);
    [LibraryImport(Lib)] internal static partial nint p2p_bce_with_logits(TensorHandle x, TensorHandle target);
    [LibraryImport(Lib)] internal static partial int p2p_linalg_qr(TensorHandle a, nint* q, nint* r);

    // autograd
    [LibraryImport(Lib)] internal static partial int p2p_backward(TensorHandle t, TensorHandle gradient, int retainGraph, int createGraph);
    [LibraryImport(Lib)] internal static partial int p2p_grad(nint* outputs, long nOutputs, nint* inputs, long nInputs, nint* gradOutputs, int retainGraph, int createGraph, nint* result);
    [LibraryImport(Lib)] internal static partial int p2p_is_grad_enabled();
    [LibraryImport(Lib)] internal static partial void p2p_set_grad_enabled(int enabled);

    // environment
    [LibraryImport(Lib)] internal static partial nint p2p_version();
    [LibraryImport(Lib)] internal static partial long p2p_show_config(byte* dst, long capacity);
    [LibraryImport(Lib)] internal static partial long p2p_parallel_info(byte* dst, long capacity);
    [LibraryImport(Lib)] internal static partial int p2p_cuda_is_available();
    [LibraryImport(Lib)] internal static partial int p2p_cuda_device_count();
    [LibraryImport(Lib)] internal static partial int p2p_manual_seed(long seed);
    [LibraryImport(Lib)] internal static partial int p2p_set_num_threads(int n);
    [LibraryImport(Lib)] internal static partial int p2p_get_num_threads();
    [LibraryImport(Lib)] internal static partial long p2p_get_rng_state(byte* dst, long capacity);
    [LibraryImport(Lib)] internal static partial int p2p_set_rng_state(byte* src, long n);
}
