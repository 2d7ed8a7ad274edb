using Microsoft.Extensions.DependencyInjection;
using Siamese.Security;

namespace Siamese.Cli.Tests;

/// <summary><c>siamese admin</c> against the real admin service behind the real API-key scheme.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class AdminCommandTests : IAsyncLifetime
{
    private FakeMatcherServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeMatcherServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task AKeyCreatedWithTheCliIsPrintedAloneAndWorks()
    {
        Assert.Equal(ExitCodes.Success, (await Admin("tenants", "create", "globex")).ExitCode);

        var (exitCode, output) = await Admin("keys", "create", "globex", "--name", "door camera");

        Assert.Equal(ExitCodes.Success, exitCode);
        var key = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
        Assert.Equal("globex", _server.Services.GetRequiredService<KeyStore>().Find(key)?.Tenant);
        Assert.Contains("door camera", (await Admin("keys", "list", "globex")).Output, StringComparison.Ordinal);
        var list = (await Admin("tenants", "list")).Output;
        Assert.Matches(@"globex +1 key +created ", list);
        Assert.DoesNotContain("open mode", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOpenServiceActsForTheTenantARequestNamesAndTheCliSaysSo()
    {
        // In open mode calls need no key and act for the tenant they name: an open service with enrolled subjects
        // answered "No tenants yet", as if it held nothing.
        await using var open = await FakeMatcherServer.StartAsync(open: true);
        var server = open.Address.ToString();

        var (exitCode, output) = await CliRunner.RunAsync("admin", "tenants", "list", "-s", server);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Matches(@"acme +1 key +created ", output);
        Assert.Contains("runs in open mode: calls need no key and act for the tenant they name ('default' when they name none)", output, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Success, (await CliRunner.RunAsync("admin", "tenants", "delete", "acme", "-s", server)).ExitCode);
        (exitCode, output) = await CliRunner.RunAsync("admin", "tenants", "list", "-s", server);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("No tenants in the key store.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("No tenants yet", output, StringComparison.Ordinal);
        Assert.Contains("runs in open mode", output, StringComparison.Ordinal);

        // The tenant requests name without a key ('default' above all) can be erased there, though the store lacks it.
        (exitCode, output) = await CliRunner.RunAsync("admin", "tenants", "delete", "default", "-s", server);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("Deleted tenant 'default': 0 keys revoked", output, StringComparison.Ordinal);

        // Without a key (and without --tenant) the enrolment goes to the service's default tenant: it said "the key's".
        using var folder = new TempDirectory();
        Siamese.Model.SyntheticDataset.Generate(folder.Path, classes: 1, perClass: 1, seed: 5);
        (exitCode, output) = await CliRunner.RunAsync("enroll", folder.Path, "-s", server);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("Enrolled 1 of 1 image (1 subject) into the service's default tenant at", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheKeyInTheEnvironmentIsUsedAndNeverShownByHelp()
    {
        var before = Environment.GetEnvironmentVariable(CliOptions.ApiKeyVariable);
        Environment.SetEnvironmentVariable(CliOptions.ApiKeyVariable, FakeMatcherServer.AdminKey);
        try
        {
            var (exitCode, output) = await CliRunner.RunAsync("admin", "tenants", "create", "hooli", "-s", _server.Address.ToString());
            Assert.Equal(ExitCodes.Success, exitCode);
            Assert.Contains("hooli", output, StringComparison.Ordinal);

            // System.CommandLine prints an option's default in help: the admin key was shown on every verb's --help.
            foreach (var verb in new[] { new[] { "--help" }, ["admin", "--help"], ["admin", "keys", "create", "--help"], ["identify", "--help"], ["enroll", "--help"] })
            {
                var help = await CliRunner.RunAsync(verb);
                Assert.Equal(ExitCodes.Success, help.ExitCode);
                Assert.Contains("--api-key", help.Output, StringComparison.Ordinal);
                Assert.DoesNotContain(FakeMatcherServer.AdminKey, help.Output, StringComparison.Ordinal);
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(CliOptions.ApiKeyVariable, before);
        }
    }

    [Fact]
    public async Task AnEmptyListSaysSoOnStandardErrorWithWhatToDo()
    {
        Assert.Equal(ExitCodes.Success, (await Admin("tenants", "create", "initech")).ExitCode);

        var (exitCode, output) = await Admin("keys", "list", "initech");

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("Tenant 'initech' has no keys: siamese admin keys create initech", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARevokedKeyIsRefusedByTheService()
    {
        var key = _server.TenantKey;
        var id = ApiKeyFormat.IdOf(key)!;

        Assert.Equal(ExitCodes.Success, (await Admin("keys", "revoke", "acme", id)).ExitCode);

        var (exitCode, output) = await CliRunner.RunAsync("admin", "tenants", "list", "-s", _server.Address.ToString(), "--api-key", key);
        Assert.Equal(ExitCodes.ServiceUnavailable, exitCode);
        Assert.Contains("not authenticated", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATenantKeyCannotAdministerAndIsToldSo()
    {
        var (exitCode, output) = await CliRunner.RunAsync("admin", "tenants", "create", "x", "-s", _server.Address.ToString(), "--api-key", _server.TenantKey);

        Assert.Equal(ExitCodes.ServiceUnavailable, exitCode);
        Assert.Contains("not allowed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadTenantNamesAndDuplicatesAreBadInput()
    {
        var (badExit, badOutput) = await Admin("tenants", "create", "../etc");
        var (dupExit, dupOutput) = await Admin("tenants", "create", "acme");

        Assert.Equal(ExitCodes.BadInput, badExit);
        Assert.Contains("is not valid", badOutput, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, dupExit);
        Assert.Contains("exists already", dupOutput, StringComparison.Ordinal);
    }

    private Task<(int ExitCode, string Output)> Admin(params string[] args) =>
        CliRunner.RunAsync(["admin", .. args, "-s", _server.Address.ToString(), "--api-key", FakeMatcherServer.AdminKey]);
}
