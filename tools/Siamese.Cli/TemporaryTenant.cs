using System.Globalization;
using Grpc.Core;
using Siamese.Protos.V1;

namespace Siamese.Cli;

/// <summary>
/// A tenant made for one evaluation run with the admin key, and a key of it: the gallery then holds only the run's
/// subjects. Removed afterwards (its subjects first, by the caller).
/// </summary>
internal sealed record TemporaryTenant(string Tenant, string Key)
{
    /// <summary>The tenant and its key; null (with the reason printed) when the admin API refuses.</summary>
    public static async Task<TemporaryTenant?> CreateAsync(MatcherConnection admin, CancellationToken ct)
    {
        var tenant = "eval-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Random.Shared.Next(1000, 9999);
        try
        {
            await admin.Admin.CreateTenantAsync(new CreateTenantRequest { Tenant = tenant }, deadline: MatcherConnection.Deadline, cancellationToken: ct);
            var key = await admin.Admin.CreateKeyAsync(new CreateKeyRequest { Tenant = tenant, Name = "siamese eval" },
                deadline: MatcherConnection.Deadline, cancellationToken: ct);
            return new TemporaryTenant(tenant, key.Key);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.PermissionDenied or StatusCode.Unauthenticated)
        {
            Console.Error.WriteLine(
                "eval without --tenant creates a temporary tenant, which needs the admin key (--api-key or SIAMESE_API_KEY). " +
                "With a tenant's key, pass --tenant <that tenant> (its enrolled subjects then take part).");
            return null;
        }
        catch (RpcException ex)
        {
            Console.Error.WriteLine($"Could not create a temporary tenant: {RpcErrors.Describe(ex)}");
            return null;
        }
    }

    public async Task DeleteAsync(MatcherConnection admin)
    {
        try
        {
            await admin.Admin.DeleteTenantAsync(new DeleteTenantRequest { Tenant = Tenant }, deadline: MatcherConnection.Deadline);
        }
        catch (RpcException ex)
        {
            Console.Error.WriteLine($"Could not remove the temporary tenant '{Tenant}': {RpcErrors.Describe(ex)}");
        }
    }
}
