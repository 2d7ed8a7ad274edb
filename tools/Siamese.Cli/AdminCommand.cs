using System.CommandLine;
using Grpc.Core;
using Siamese.Protos.V1;

namespace Siamese.Cli;

/// <summary>
/// <c>siamese admin tenants|keys ...</c>: tenants and their API keys, with the admin key. A new key is printed alone on
/// standard output (so <c>KEY=$(siamese admin keys create acme)</c> works); everything else people read goes to standard error.
/// </summary>
internal static class AdminCommand
{
    public static Command Create()
    {
        var tenantArgument = () => new Argument<string>("tenant") { Description = "The tenant's name." };

        var createTenant = new Command("create", "Create a tenant.") { tenantArgument() };
        SetAction(createTenant, async (admin, parse, ct) =>
        {
            var t = await admin.CreateTenantAsync(new CreateTenantRequest { Tenant = Value(parse, createTenant, 0) }, deadline: MatcherConnection.Deadline, cancellationToken: ct);
            Console.WriteLine($"Created tenant '{t.Tenant}'. Create a key for it: siamese admin keys create {t.Tenant}");
        });

        var listTenants = new Command("list", "List the tenants.");
        SetAction(listTenants, async (admin, _, ct) =>
        {
            var list = await admin.ListTenantsAsync(new ListTenantsRequest(), deadline: MatcherConnection.Deadline, cancellationToken: ct);
            // On standard error: a script reading the list still reads the tenants alone, or an empty list.
            if (list.Tenants.Count == 0)
            {
                Console.Error.WriteLine(list.OpenMode ? "No tenants in the key store." : "No tenants yet: siamese admin tenants create <name>");
            }

            foreach (var t in list.Tenants)
            {
                Console.WriteLine($"{t.Tenant,-32} {t.KeyCount,4} {(t.KeyCount == 1 ? "key " : "keys")}  created {t.CreatedAt}");
            }

            // Before, an open service with enrolled subjects answered "No tenants yet", as if it held nothing.
            if (list.OpenMode)
            {
                Console.Error.WriteLine(
                    "The service runs in open mode: calls need no key and act for the tenant they name ('default' when they name none), " +
                    "listed here or not. The tenants and keys listed here count once it checks keys (Security:Mode ApiKeys).");
            }
        });

        var deleteTenant = new Command("delete", "Delete a tenant: revoke all its keys and erase its enrolled subjects, wrong-match reports and calibration (a tenant created later under the name starts empty).") { tenantArgument() };
        SetAction(deleteTenant, async (admin, parse, ct) =>
        {
            var name = Value(parse, deleteTenant, 0);
            var done = await admin.DeleteTenantAsync(new DeleteTenantRequest { Tenant = name }, deadline: MatcherConnection.Deadline, cancellationToken: ct);
            Console.WriteLine($"Deleted tenant '{name}': {Counted.Of(done.RevokedKeys, "key")} revoked, {Counted.Of(done.DeletedSubjects, "subject")} ({Counted.Of(done.DeletedExamples, "example")}) erased.");
        });

        var keyName = new Option<string>("--name") { Description = "A label for the key (a camera, an application).", DefaultValueFactory = _ => "" };
        var createKey = new Command("create", "Create a key for a tenant and print it (shown once).") { tenantArgument(), keyName };
        SetAction(createKey, async (admin, parse, ct) =>
        {
            var created = await admin.CreateKeyAsync(new CreateKeyRequest { Tenant = Value(parse, createKey, 0), Name = parse.GetValue(keyName) ?? "" },
                deadline: MatcherConnection.Deadline, cancellationToken: ct);
            Console.Error.WriteLine($"Key {created.Info.KeyId} for tenant '{created.Info.Tenant}' (shown once: store it now):");
            Console.WriteLine(created.Key);
        });

        var listKeys = new Command("list", "List a tenant's keys (ids and labels, never the keys).") { tenantArgument() };
        SetAction(listKeys, async (admin, parse, ct) =>
        {
            var list = await admin.ListKeysAsync(new ListKeysRequest { Tenant = Value(parse, listKeys, 0) }, deadline: MatcherConnection.Deadline, cancellationToken: ct);
            if (list.Keys.Count == 0)
            {
                Console.Error.WriteLine($"Tenant '{Value(parse, listKeys, 0)}' has no keys: siamese admin keys create {Value(parse, listKeys, 0)}");
            }

            foreach (var k in list.Keys)
            {
                Console.WriteLine($"{k.KeyId}  created {k.CreatedAt}  {k.Name}");
            }
        });

        var revokeKey = new Command("revoke", "Revoke a key: calls with it are refused from then on.")
        {
            tenantArgument(), new Argument<string>("key-id") { Description = "The key's id (from 'keys list')." },
        };
        SetAction(revokeKey, async (admin, parse, ct) =>
        {
            var (tenant, id) = (Value(parse, revokeKey, 0), Value(parse, revokeKey, 1));
            await admin.RevokeKeyAsync(new RevokeKeyRequest { Tenant = tenant, KeyId = id }, deadline: MatcherConnection.Deadline, cancellationToken: ct);
            Console.WriteLine($"Revoked key {id} of tenant '{tenant}'.");
        });

        return new Command("admin", "Tenants and their API keys (needs the admin key).")
        {
            new Command("tenants", "Create, list and delete tenants.") { createTenant, listTenants, deleteTenant },
            new Command("keys", "Create, list and revoke a tenant's API keys.") { createKey, listKeys, revokeKey },
        };
    }

    private static string Value(ParseResult parse, Command command, int argument) =>
        parse.GetRequiredValue((Argument<string>)command.Arguments[argument]);

    private static void SetAction(Command command, Func<Admin.AdminClient, ParseResult, CancellationToken, Task> call) =>
        command.SetAction(async (parse, ct) =>
        {
            using var connection = new MatcherConnection(parse.GetRequiredValue(CliOptions.Server), CliOptions.ApiKeyOf(parse));
            try
            {
                await call(connection.Admin, parse, ct);
                return ExitCodes.Success;
            }
            catch (RpcException ex)
            {
                Console.Error.WriteLine(RpcErrors.Describe(ex));
                return ex.StatusCode is StatusCode.InvalidArgument or StatusCode.NotFound or StatusCode.AlreadyExists
                    ? ExitCodes.BadInput
                    : ExitCodes.ServiceUnavailable;
            }
        });
}
