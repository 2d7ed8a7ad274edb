using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Siamese.Protos.V1;

namespace Siamese.Security.Admin;

/// <summary>The Admin gRPC service: request → <see cref="TenantAdministration"/> → reply; the admin key only.</summary>
[Authorize(Policy = ApiKeyDefaults.AdminPolicy)]
public sealed class AdminGrpcService(TenantAdministration administration, IOptions<SecurityOptions> security) : Protos.V1.Admin.AdminBase
{
    public override Task<TenantInfo> CreateTenant(CreateTenantRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(ToProto(administration.CreateTenant(request.Tenant)));
    }

    public override Task<ListTenantsResponse> ListTenants(ListTenantsRequest request, ServerCallContext context)
    {
        var response = new ListTenantsResponse { OpenMode = security.Value.Mode == SecurityMode.Open };
        response.Tenants.AddRange(administration.ListTenants().Select(ToProto));
        return Task.FromResult(response);
    }

    public override async Task<DeleteTenantResponse> DeleteTenant(DeleteTenantRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var deleted = await administration.DeleteTenantAsync(request.Tenant, context.CancellationToken).ConfigureAwait(false);
        return new DeleteTenantResponse
        {
            RevokedKeys = deleted.RevokedKeys,
            DeletedSubjects = deleted.Erased.Subjects,
            DeletedExamples = deleted.Erased.Examples,
        };
    }

    public override Task<CreatedKey> CreateKey(CreateKeyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (entry, key) = administration.CreateKey(request.Tenant, request.Name);
        return Task.FromResult(new CreatedKey { Info = ToProto(entry, request.Tenant), Key = key });
    }

    public override Task<ListKeysResponse> ListKeys(ListKeysRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = new ListKeysResponse();
        response.Keys.AddRange(administration.ListKeys(request.Tenant).Select(k => ToProto(k, request.Tenant)));
        return Task.FromResult(response);
    }

    public override Task<RevokeKeyResponse> RevokeKey(RevokeKeyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        administration.RevokeKey(request.Tenant, request.KeyId);
        return Task.FromResult(new RevokeKeyResponse());
    }

    private static TenantInfo ToProto(StoredTenant tenant) =>
        new() { Tenant = tenant.Name, CreatedAt = Time(tenant.CreatedAt), KeyCount = tenant.Keys.Count };

    private static KeyInfo ToProto(StoredKey key, string tenant) =>
        new() { KeyId = key.Id, Tenant = tenant, Name = key.Name, CreatedAt = Time(key.CreatedAt) };

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
