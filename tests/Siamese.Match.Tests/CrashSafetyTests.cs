using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Siamese.Protos.V1;

namespace Siamese.Match.Tests;

public sealed class CrashSafetyTests
{
    [Fact]
    public async Task AcknowledgedEnrolmentsSurviveKillNine()
    {
        const int n = 25;
        await using var embed = await StartFakeEmbedAsync();
        using var data = new TempDirectory();
        var address = embed.Urls.First();

        using (var first = await ChildMatchHost.StartAsync(data.Path, address))
        {
            for (var i = 0; i < n; i++)
            {
                // Acknowledged = the call returned; the host is killed right after the last one.
                await first.Client.EnrollAsync(new EnrollRequest
                {
                    SubjectId = $"subject-{i:D2}", Embeddings = { new Embedding { Values = { FakeModel.At(i * 10) } } },
                });
            }

            first.Kill();
        }

        using var second = await ChildMatchHost.StartAsync(data.Path, address);
        var subjects = await second.Client.ListSubjectsAsync(new ListSubjectsRequest { PageSize = 100 });
        var probe = await second.Client.IdentifyAsync(new IdentifyRequest { Embedding = new Embedding { Values = { FakeModel.At(240) } } });

        Assert.Equal(Enumerable.Range(0, n).Select(i => $"subject-{i:D2}"), subjects.Subjects.Select(s => s.SubjectId));
        Assert.Equal("subject-24", probe.Results[0].SubjectId);
    }

    /// <summary>The fake embedder (<see cref="FakeEmbedderService"/>) over gRPC on a free loopback port, for <see cref="ChildMatchHost"/>.</summary>
    internal static async Task<WebApplication> StartFakeEmbedAsync()
    {
        var builder = WebApplication.CreateBuilder();

        // Not the match host's appsettings.json beside the tests (its Kestrel endpoints, fixed ports 8090/8091, would
        // also be bound: another test run on the machine made this test fail with "address already in use").
        foreach (var file in builder.Configuration.Sources.OfType<Microsoft.Extensions.Configuration.Json.JsonConfigurationSource>().ToList())
        {
            builder.Configuration.Sources.Remove(file);
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.WebHost.UseUrls();
        builder.Services.AddGrpc();
        var app = builder.Build();
        app.MapGrpcService<FakeEmbedderService>();
        await app.StartAsync();
        return app;
    }
}
