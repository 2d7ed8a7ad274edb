namespace Siamese.Cli.Tests;

/// <summary>
/// A CLI test class's fixture: a fake match service on a loopback port (<see cref="Server"/>), started before each
/// test and stopped after it, and a temporary folder (<see cref="Root"/>) removed after it.
/// </summary>
public abstract class FakeServerTest : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _work = new();

    private protected FakeMatcherServer Server { get; private set; } = null!;

    protected string Root => _work.Path;

    public async Task InitializeAsync() => Server = await FakeMatcherServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public void Dispose()
    {
        _work.Dispose();
        GC.SuppressFinalize(this);
    }
}
