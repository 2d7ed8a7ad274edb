using Siamese.ServiceDefaults;
using Siamese.Standalone;

// Verbs: "serve" (default) hosts every service in one process; "demo" generates data, trains, serves and
// measures one-shot identification over gRPC (see README).
if (args is ["demo", ..])
{
    return await DemoCommand.RunAsync(args[1..], CancellationToken.None);
}

return await ServiceRunner.RunServiceAsync(args is ["serve", ..] ? args[1..] : args, ServeArguments.Arguments, configuration => StandaloneHost.Build(configuration));
