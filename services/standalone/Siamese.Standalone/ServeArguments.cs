using Siamese.ServiceDefaults;

namespace Siamese.Standalone;

/// <summary>
/// The command line of <c>serve</c>: the service hosts' options (<see cref="HostArguments"/>) and <c>--listen</c>.
/// Anything else is refused by name.
/// </summary>
public static class ServeArguments
{
    public static HostArguments Arguments { get; } = new(
        "serve",
        "Siamese standalone: every service in one process (in-memory bus, embedded index), gRPC on 127.0.0.1:8091 and HTTP and the web page on 127.0.0.1:8080. "
        + "Verbs: serve (the default) and demo (demo --help).",
        [
            HostArguments.Model,
            HostArguments.YuNet,
            HostArguments.DataDirectory,
            HostArguments.Provider,
            new("--listen", ListenAddress.Key, "<address>", "the address every endpoint listens on, keeping its port (0.0.0.0: every interface)"),
            .. HostArguments.SecurityOptions,
        ]);

    /// <summary>The arguments as the configuration's command-line source reads them.</summary>
    public static string[] ToConfiguration(string[] args) => Arguments.ToConfiguration(args);
}
