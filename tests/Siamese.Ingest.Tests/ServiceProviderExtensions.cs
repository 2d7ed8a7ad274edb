using Microsoft.Extensions.DependencyInjection;

namespace Siamese.Ingest.Tests;

internal static class ServiceProviderExtensions
{
    public static int GetFrameCount(this IServiceProvider services) => services.GetRequiredService<FrameStore>().Count;
}
