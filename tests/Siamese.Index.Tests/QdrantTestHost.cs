using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Siamese.Index.Qdrant;
using Siamese.Tests.Shared.FakeQdrant;

namespace Siamese.Index.Tests;

/// <summary>Wires the production DI registration (official client, gRPC) to the fake Qdrant's in-process handler.</summary>
internal static class QdrantTestHost
{
    public static ServiceProvider Build(FakeQdrantServer fake, VectorSpace space, Dictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Match:Qdrant:Url"] = "http://qdrant.test:6334",
                ["Match:Qdrant:RetryDelay"] = "00:00:00.010",
                ["Match:Qdrant:Timeout"] = "00:00:05",
            })
            .AddInMemoryCollection(settings ?? [])
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddQdrantVectorIndex(_ => space).ConfigurePrimaryHttpMessageHandler(fake.CreateHandler);
        return services.BuildServiceProvider(validateScopes: true);
    }
}
