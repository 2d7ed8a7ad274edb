using Microsoft.AspNetCore.Builder;

namespace Siamese.ServiceDefaults;

/// <summary>The web application builder of every host.</summary>
public static class ServiceHost
{
    /// <summary>
    /// A builder whose content root is the binary's folder, so that the appsettings.json beside the binary (the
    /// host's ports, its RabbitMQ transport) is read whatever folder the host is started from. With the default content
    /// root, the current folder, a host started from elsewhere ran on an in-memory bus and the default port 5000.
    /// Relative paths in settings (a model, the index folder) are still taken from the current folder.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] configuration) =>
        WebApplication.CreateBuilder(new WebApplicationOptions { Args = configuration, ContentRootPath = AppContext.BaseDirectory });
}
