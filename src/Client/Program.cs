using System.CommandLine;
using Orchestrator.Client;
using Orchestrator.Client.Commands;

var root = new RootCommand($"""
    steer: inference-time steering of diffusion models (FK steering, best-of-N, SVDD, noise and path search, FK correctors),
    in this process, on local silos, or on an Orleans cluster.

    {ExitCodes.Help}
    """)
{
    RunCommand.Create(),
    ValidateCommand.Create(),
    DemoCommand.Create(),
    CompareCommand.Create(),
    TrainValueCommand.Create(),
    TrainCommand.Create(),
    SubmitCommand.Create(),
    StatusCommand.Create(),
    ResultCommand.Create(),
    CancelCommand.Create(),
};
return await CommandLine.InvokeAsync(root, args);
