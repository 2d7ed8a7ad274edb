using Siamese.ServiceDefaults;
using Siamese.Standalone;

// Verbs: "serve" (default) hosts every service in one process; "demo" generates data, trains, serves and
// measures one-shot identification over gRPC (see README).
if (args is ["demo", ..])
{
    return await DemoCommand.RunAsync(args[1..], CancellationToken.None);
}

string[] configuration;
try
{
    configuration = ServeArguments.ToConfiguration(args is ["serve", ..] ? args[1..] : args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

return await ServiceRunner.RunServiceAsync(() => StandaloneHost.Build(configuration));
