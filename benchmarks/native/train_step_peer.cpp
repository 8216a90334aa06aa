// Peer for the training-step benchmark: one pix2pix iteration (unet_256 G with batch norm and dropout,
// 70x70 PatchGAN D, vanilla GAN + 100 * L1, Adam 2e-4 / 0.5) driven directly through libtorch's C++ API.
// Usage: train_step_peer <iters> <warmup> <size> <batch> <threads>; prints one "cpp_s_per_iter=<median>" line.
#include <torch/torch.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace nn = torch::nn;

struct SkipImpl : nn::Module {
  nn::Sequential model;
  bool outermost;
  SkipImpl(int64_t outer, int64_t inner, int64_t in_ch, nn::AnyModule sub, bool has_sub, bool is_outermost,
           bool innermost, bool dropout) : outermost(is_outermost) {
    auto down = nn::Conv2d(nn::Conv2dOptions(in_ch, inner, 4).stride(2).padding(1).bias(false));
    if (outermost) {
      model->push_back(down);
      model->push_back(sub);
      model->push_back(nn::ReLU());
      model->push_back(nn::ConvTranspose2d(nn::ConvTranspose2dOptions(inner * 2, outer, 4).stride(2).padding(1)));
      model->push_back(nn::Tanh());
    } else if (innermost) {
      model->push_back(nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2)));
      model->push_back(down);
      model->push_back(nn::ReLU());
      model->push_back(nn::ConvTranspose2d(nn::ConvTranspose2dOptions(inner, outer, 4).stride(2).padding(1).bias(false)));
      model->push_back(nn::BatchNorm2d(outer));
    } else {
      model->push_back(nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2)));
      model->push_back(down);
      model->push_back(nn::BatchNorm2d(inner));
      model->push_back(sub);
      model->push_back(nn::ReLU());
      model->push_back(nn::ConvTranspose2d(nn::ConvTranspose2dOptions(inner * 2, outer, 4).stride(2).padding(1).bias(false)));
      model->push_back(nn::BatchNorm2d(outer));
      if (dropout) model->push_back(nn::Dropout(0.5));
    }
    (void)has_sub;
    register_module("model", model);
  }
  torch::Tensor forward(torch::Tensor x) {
    return outermost ? model->forward(x) : torch::cat({x, model->forward(x)}, 1);
  }
};
TORCH_MODULE(Skip);

static Skip unet(int num_downs, int64_t ngf) {
  Skip block(ngf * 8, ngf * 8, ngf * 8, nn::AnyModule(), false, false, true, false);
  for (int i = 0; i < num_downs - 5; ++i)
    block = Skip(ngf * 8, ngf * 8, ngf * 8, nn::AnyModule(block), true, false, false, true);
  for (int64_t mult : {4, 2, 1})
    block = Skip(ngf * mult, ngf * mult * 2, ngf * mult, nn::AnyModule(block), true, false, false, false);
  return Skip(3, ngf, 3, nn::AnyModule(block), true, true, false, false);
}

static nn::Sequential patch_d(int64_t ndf) {
  auto conv = [](int64_t i, int64_t o, int64_t s, bool bias) {
    return nn::Conv2d(nn::Conv2dOptions(i, o, 4).stride(s).padding(1).bias(bias));
  };
  auto act = [] { return nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2)); };
  return nn::Sequential(conv(6, ndf, 2, true), act(),
                        conv(ndf, ndf * 2, 2, false), nn::BatchNorm2d(ndf * 2), act(),
                        conv(ndf * 2, ndf * 4, 2, false), nn::BatchNorm2d(ndf * 4), act(),
                        conv(ndf * 4, ndf * 8, 1, false), nn::BatchNorm2d(ndf * 8), act(),
                        conv(ndf * 8, 1, 1, true));
}

static void init_normal(nn::Module& net) {
  torch::NoGradGuard guard;
  for (auto& p : net.named_parameters()) {
    const auto& key = p.key();
    bool is_bn = p.value().dim() == 1;
    if (key.size() >= 4 && key.compare(key.size() - 4, 4, "bias") == 0) p.value().zero_();
    else if (is_bn) p.value().normal_(1.0, 0.02);
    else p.value().normal_(0.0, 0.02);
  }
}

static int64_t count(nn::Module& m) {
  int64_t n = 0;
  for (auto& p : m.parameters()) n += p.numel();
  return n;
}

int main(int argc, char** argv) {
  int iters = argc > 1 ? std::atoi(argv[1]) : 10;
  int warmup = argc > 2 ? std::atoi(argv[2]) : 2;
  int64_t size = argc > 3 ? std::atoll(argv[3]) : 256;
  int64_t batch = argc > 4 ? std::atoll(argv[4]) : 1;
  int threads = argc > 5 ? std::atoi(argv[5]) : 0;
  if (threads > 0) torch::set_num_threads(threads);
  torch::manual_seed(0);
  auto g = unet(8, 64);
  auto d = patch_d(64);
  init_normal(*g);
  init_normal(*d);
  std::printf("libtorch C++ threads %d G params %lld D params %lld\n", torch::get_num_threads(),
              (long long)count(*g), (long long)count(*d));
  torch::optim::Adam opt_g(g->parameters(), torch::optim::AdamOptions(2e-4).betas({0.5, 0.999}));
  torch::optim::Adam opt_d(d->parameters(), torch::optim::AdamOptions(2e-4).betas({0.5, 0.999}));
  auto real_a = torch::rand({batch, 3, size, size}) * 2 - 1;
  auto real_b = torch::rand({batch, 3, size, size}) * 2 - 1;
  std::vector<double> times;
  for (int it = 0; it < warmup + iters; ++it) {
    auto t0 = std::chrono::steady_clock::now();
    auto fake_b = g->forward(real_a);
    auto fake_ab = torch::cat({real_a, fake_b}, 1);
    auto real_ab = torch::cat({real_a, real_b}, 1);
    for (auto& p : d->parameters()) p.set_requires_grad(true);
    opt_d.zero_grad();
    auto pred_fake = d->forward(fake_ab.detach());
    auto loss_d_fake = torch::binary_cross_entropy_with_logits(pred_fake, torch::zeros_like(pred_fake));
    auto pred_real = d->forward(real_ab);
    auto loss_d_real = torch::binary_cross_entropy_with_logits(pred_real, torch::ones_like(pred_real));
    auto loss_d = (loss_d_fake + loss_d_real) * 0.5;
    loss_d.backward();
    opt_d.step();
    for (auto& p : d->parameters()) p.set_requires_grad(false);
    opt_g.zero_grad();
    auto pred = d->forward(fake_ab);
    auto loss_g = torch::binary_cross_entropy_with_logits(pred, torch::ones_like(pred)) +
                  torch::l1_loss(fake_b, real_b) * 100.0;
    loss_g.backward();
    opt_g.step();
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (it >= warmup) {
      times.push_back(s);
      std::printf("iter %d %.4f s\n", it - warmup, s);
    }
  }
  std::sort(times.begin(), times.end());
  std::printf("cpp_s_per_iter=%.4f\n", times[times.size() / 2]);
  return 0;
}
