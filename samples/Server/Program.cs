using Pix2Pix.Samples.Server;

// dotnet run --project samples/Server -c Release -- --model onnx/demo_unet64.onnx --urls http://127.0.0.1:5000
ServerApp.Build(ServerApp.CreateBuilder(args)).Run();
