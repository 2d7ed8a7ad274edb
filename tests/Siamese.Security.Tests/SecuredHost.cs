using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;
using Siamese.ServiceDefaults.Grpc;

namespace Siamese.Security.Tests;

/// <summary>
/// A host with API-key security, the admin service and two probes: <c>/whoami?tenant=</c> (the tenant a call acts for)
/// and <c>/anonymous</c> (marked AllowAnonymous, as health endpoints are).
/// </summary>
internal sealed class SecuredHost : IAsyncDisposable
{
    public const string AdminKey = "admin-key-for-tests-0123456789";
    public const string ServiceKey = "service-key-for-tests-0123456789";

    private readonly WebApplication _app;
    private readonly TempDirectory _dir;

    private SecuredHost(WebApplication app, TempDirectory dir)
    {
        _app = app;
        _dir = dir;
        var server = app.GetTestServer();
        Http = server.CreateClient();
        Channel = GrpcChannel.ForAddress(server.BaseAddress, new GrpcChannelOptions { HttpHandler = server.CreateHandler() });
        Admin = new Protos.V1.Admin.AdminClient(Channel);
    }

    public HttpClient Http { get; }

    public GrpcChannel Channel { get; }

    public Protos.V1.Admin.AdminClient Admin { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<SecuredHost> StartAsync(params (string Key, string Value)[] settings)
    {
        var dir = new TempDirectory();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration["Security:KeyStorePath"] = Path.Combine(dir.Path, "keys.json");
        builder.Configuration["Security:AdminKey"] = AdminKey;
        builder.Configuration["Security:ServiceKey"] = ServiceKey;
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        builder.AddApiKeySecurity();
        builder.Services.AddSiameseGrpc();
        var app = builder.Build();
        app.UseMiddleware<MalformedMessageMiddleware>();
        app.MapAdminService();
        app.MapCallerInfo();
        app.MapGet("/whoami", (HttpContext http, string? tenant) =>
        {
            try
            {
                return Results.Text(TenantAccess.Resolve(http.User, tenant) ?? "(default)");
            }
            catch (ServiceDefaults.AccessDeniedException ex)
            {
                return Results.Text(ex.Message, statusCode: StatusCodes.Status403Forbidden);
            }
        });
        app.MapGet("/anonymous", () => "ok").AllowAnonymous();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            dir.Dispose();
            throw;
        }

        return new SecuredHost(app, dir);
    }

    public static Metadata Key(string key) => new() { { ApiKeyDefaults.Header, key } };

    /// <summary>Creates a tenant through the admin API and returns a new key of it.</summary>
    public async Task<string> NewTenantKeyAsync(string tenant)
    {
        var admin = Key(AdminKey);
        var tenants = await Admin.ListTenantsAsync(new Protos.V1.ListTenantsRequest(), admin);
        if (tenants.Tenants.All(t => t.Tenant != tenant))
        {
            await Admin.CreateTenantAsync(new Protos.V1.CreateTenantRequest { Tenant = tenant }, admin);
        }

        return (await Admin.CreateKeyAsync(new Protos.V1.CreateKeyRequest { Tenant = tenant }, admin)).Key;
    }

    public async Task<HttpResponseMessage> GetAsync(string path, string? key = null, string header = ApiKeyDefaults.Header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation(header, header == "Authorization" ? $"ApiKey {key}" : key);
        }

        return await Http.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _dir.Dispose();
    }
}
