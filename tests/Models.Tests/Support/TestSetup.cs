using System.Runtime.CompilerServices;
using Orchestrator.Steering.Runtime;

namespace Orchestrator.Models.Tests.Support;

static class TestSetup
{
    // Every test runs with one torch thread: results must not depend on the thread count,
    // and two test classes run side by side on two cores.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialise() => TorchRuntime.Initialise(1);
}
