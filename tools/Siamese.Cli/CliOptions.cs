using System.CommandLine;
using Siamese.CommandLine;
using Siamese.Contracts;

namespace Siamese.Cli;

/// <summary>Options shared by every verb.</summary>
internal static class CliOptions
{
    public const string ServerVariable = "SIAMESE_SERVER";

    public const string ApiKeyVariable = "SIAMESE_API_KEY";

    /// <summary>The gRPC address the match and standalone hosts listen on by default (their REST and web port is 8080/8090).</summary>
    public const string DefaultServer = "http://localhost:8091";

    /// <summary>The match service address; <c>SIAMESE_SERVER</c> or <see cref="DefaultServer"/> when not given.</summary>
    public static Option<Uri> Server { get; } = CreateServer();

    /// <summary>The API key option; read it with <see cref="ApiKeyOf"/>, which falls back to <c>SIAMESE_API_KEY</c>.</summary>
    /// <remarks>
    /// No default value factory: System.CommandLine prints an option's default in <c>--help</c>, and the variable holds a
    /// secret (the admin key, typically), which help must never show.
    /// </remarks>
    public static Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = $"API key: a tenant's key, or the admin key for 'admin' (default: ${ApiKeyVariable}; prefer the variable, arguments are visible to other users).",
        Recursive = true,
    };

    /// <summary>The API key sent with every call: <c>--api-key</c>, else <c>SIAMESE_API_KEY</c>, else none.</summary>
    public static string? ApiKeyOf(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return parse.GetValue(ApiKey) is { Length: > 0 } given ? given
            : Environment.GetEnvironmentVariable(ApiKeyVariable) is { Length: > 0 } fromEnv ? fromEnv
            : null;
    }

    /// <summary>
    /// A folder-per-class argument that must exist: a file given instead is named as such, with the verb that takes one
    /// image (else System.CommandLine says only "Directory does not exist").
    /// </summary>
    public static Argument<DirectoryInfo> ExistingFolder(this Argument<DirectoryInfo> argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        argument.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<DirectoryInfo>() is not { } folder || folder.Exists)
            {
                return;
            }

            result.AddError(File.Exists(folder.FullName)
                ? $"'{folder.FullName}' is a file: {(result.Parent is System.CommandLine.Parsing.CommandResult verb ? $"'{verb.Command.Name}'" : "this verb")} takes a folder with a sub-folder of images per class (<folder>/<class>/<image>); one image is identified with 'siamese identify'."
                : $"Folder '{folder.FullName}' does not exist.");
        });
        return argument;
    }

    /// <summary>
    /// The tenant a call acted for, as the output names it: the one given with --tenant; without it the key's; without a
    /// key either (an open service), the service's default tenant.
    /// </summary>
    public static string TenantActedFor(string tenant, string? apiKey) =>
        tenant.Length > 0 ? $"tenant '{tenant}'" : string.IsNullOrEmpty(apiKey) ? "the service's default tenant" : "the key's tenant";

    /// <summary>A new tenant option (each verb owns its instance: a symbol has one parent).</summary>
    /// <remarks>A name the service would refuse is refused here, once, before any file is read or sent.</remarks>
    public static Option<string> Tenant(string description)
    {
        var option = new Option<string>("--tenant", "-t")
        {
            Description = description + " Only your key's own tenant is allowed; when omitted the key decides it (without a key, on an open service: the default tenant).",
            DefaultValueFactory = _ => "",
        };
        option.Validators.Add(result =>
        {
            if (result.TryGetValue<string>(out var tenant) && tenant is { Length: > 0 } && NameRules.TenantError(tenant) is { } error)
            {
                result.AddError(error);
            }
        });
        return option;
    }

    public static Option<int> Positive(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (result.TryGetValue<int>(out var value) && value <= 0)
            {
                result.AddError($"{name} must be a positive number.");
            }
        });
        return option;
    }

    /// <summary>An optional decision threshold overriding the model's calibrated one.</summary>
    public static Option<float?> Threshold()
    {
        var option = new Option<float?>("--threshold", "-d") { Description = "Decision distance overriding the model's calibrated threshold." };
        option.Validators.Add(result =>
        {
            if (result.TryGetValue<float?>(out var given) && given is { } value && (!float.IsFinite(value) || value <= 0))
            {
                result.AddError("--threshold must be a positive number.");
            }
        });
        return option;
    }

    private static Option<Uri> CreateServer()
    {
        var option = new Option<Uri>("--server", "-s")
        {
            Description = $"Match service gRPC address (default: ${ServerVariable}, else {DefaultServer}).",
            Recursive = true,
            DefaultValueFactory = _ => new Uri(Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } fromEnv
                ? fromEnv
                : DefaultServer),
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                {
                    return uri;
                }

                result.AddError($"--server must be an absolute http:// or https:// address, got '{text}'.");
                return null;
            },
        };
        return option;
    }
}
