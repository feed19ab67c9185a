// A silo of the steering cluster: its role, clustering and storage come from configuration (see SteerHost).
return await Orchestrator.Silo.SteerHost.RunAsync(args);
