using Vigil.Cli.Commands;

// Composition root of the `vigil` command: the only place allowed to read the wall clock (through TimeProvider.System).
return await VigilCommandLine.Build().Parse(args).InvokeAsync(VigilCommandLine.Invocation());
