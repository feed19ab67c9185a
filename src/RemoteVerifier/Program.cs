using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Orchestrator.RemoteVerifier;

// A working remote verifier to copy: replace MeanValueReward with any IReward.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
var app = builder.Build();
app.MapVerifier(new MeanValueReward());
app.Run();
