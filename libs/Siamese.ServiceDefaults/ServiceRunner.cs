using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Siamese.ServiceDefaults;

/// <summary>
/// Runs a service host so that a failed start (a model that cannot be loaded, a setting that fails validation, a port
/// in use) ends the process with one line naming the cause and exit code <see cref="StartFailed"/>, instead of an
/// unhandled exception and an abort (exit 134) whose cause is a cancelled task.
/// </summary>
/// <remarks>
/// A background service that fails while the host starts (the embedder loading its model, the detector its
/// detectors) stops the host, and the host then reports only that its start was cancelled: the cause is the failed
/// service's task, looked up here.
/// </remarks>
public static partial class ServiceRunner
{
    /// <summary>The exit code of a host that could not start, or stopped because one of its services failed.</summary>
    public const int StartFailed = 1;

    /// <summary>The exit code of a command line that names no option or setting the host knows.</summary>
    public const int BadArguments = 2;

    /// <summary>
    /// Reads a host's command line with <paramref name="arguments"/>, then builds the host with <paramref name="build"/>
    /// (given the arguments as configuration) and runs it as <see cref="RunServiceAsync(Func{IHost}, TextWriter?)"/>
    /// does. <c>--help</c> writes the usage text to <paramref name="output"/> and returns 0 without starting anything; an
    /// argument that is not an option or a setting is one line naming it, and <see cref="BadArguments"/>.
    /// </summary>
    public static async Task<int> RunServiceAsync(
        IReadOnlyList<string> args, HostArguments arguments, Func<string[], IHost> build, TextWriter? output = null, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(build);
        output ??= Console.Out;
        error ??= Console.Error;
        if (HostArguments.IsHelp(args))
        {
            await output.WriteLineAsync(arguments.Usage()).ConfigureAwait(false);
            return 0;
        }

        string[] configuration;
        try
        {
            configuration = arguments.ToConfiguration(args);
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return BadArguments;
        }

        return await RunServiceAsync(() => build(configuration), error).ConfigureAwait(false);
    }

    /// <summary>
    /// Builds a host with <paramref name="build"/> and runs it as <see cref="RunServiceAsync(IHost, TextWriter?)"/> does. A
    /// build that throws (a setting that cannot be converted to its type, such as <c>--Match:Index=Nope</c>, fails while
    /// the services are registered) is a failed start too: one line, <see cref="StartFailed"/>.
    /// </summary>
    public static async Task<int> RunServiceAsync(Func<IHost> build, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(build);
        error ??= Console.Error;
        IHost host;
        try
        {
            host = build();
        }
        catch (Exception ex)
        {
            var name = System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name ?? "The host";
            await error.WriteLineAsync($"{name} could not start: {Describe(ex)}").ConfigureAwait(false);
            if (ex is not (InvalidOperationException or OptionsValidationException or FormatException or ArgumentException or IOException or UnauthorizedAccessException)
                && !IsSettings(ex))
            {
                // Not a setting or a file the operator can mend: the trace is for whoever reads the bug report.
                await error.WriteLineAsync(ex.ToString()).ConfigureAwait(false);
            }

            return StartFailed;
        }

        // RunAsync disposes the host when it ends.
        return await host.RunServiceAsync(error).ConfigureAwait(false);
    }

    /// <summary>
    /// Validates every setting of <paramref name="host"/> now, right after it is built: call it before mapping endpoints,
    /// since mapping resolves services (the health checks build the bus, whose consumers read their options) and the
    /// first of those to read a wrong setting would otherwise fail alone, leaving the other wrong settings unnamed.
    /// Throws <see cref="OptionsValidationException"/> (one options class) or <see cref="AggregateException"/> of them.
    /// </summary>
    public static void ValidateSettings(this IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var failures = new List<OptionsValidationException>();
        try
        {
            host.Services.GetService<IStartupValidator>()?.Validate();
        }
        catch (OptionsValidationException e)
        {
            failures.Add(e);
        }
        catch (AggregateException e) when (IsSettings(e))
        {
            failures.AddRange(e.InnerExceptions.Cast<OptionsValidationException>());
        }

        // A key no property takes (a misspelt setting) was ignored, and the host ran on the default.
        if (UnknownSettings.Problems(host.Services) is { Count: > 0 } unknown)
        {
            failures.Add(new OptionsValidationException("settings", typeof(IConfiguration), unknown));
        }

        if (failures.Count == 1)
        {
            throw failures[0];
        }

        if (failures.Count > 1)
        {
            throw new AggregateException(failures);
        }
    }

    /// <summary>Runs <paramref name="host"/> until it stops; 0 when it stopped as asked, <see cref="StartFailed"/> otherwise.</summary>
    public static async Task<int> RunServiceAsync(this IHost host, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        error ??= Console.Error;
        var name = host.Services.GetRequiredService<IHostEnvironment>().ApplicationName;
        IReadOnlyList<BackgroundService> services = [];
        try
        {
            // The settings were validated when the host was built (ValidateSettings), so a wrong one never reaches here.
            services = BackgroundServices(host);
            await host.RunAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await error.WriteLineAsync($"{name} could not start: {Cause(ex, services)}").ConfigureAwait(false);
            await DisposeAsync(host).ConfigureAwait(false);
            return StartFailed;
        }

        if (Failed(services) is { } failure)
        {
            await error.WriteLineAsync($"{name} stopped: {failure.Message}").ConfigureAwait(false);
            return StartFailed;
        }

        return 0;
    }

    /// <summary>
    /// Starts <paramref name="host"/> (which keeps running); a failed start throws <see cref="ServiceStartException"/>
    /// carrying the cause's message, the host's own exception as its inner exception.
    /// </summary>
    public static async Task StartServiceAsync(this IHost host, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        IReadOnlyList<BackgroundService> services = [];
        try
        {
            services = BackgroundServices(host);
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServiceStartException(Cause(ex, services), ex);
        }
    }

    /// <summary>
    /// The exception of a background service of <paramref name="host"/> that has failed (which stops the host), or null:
    /// for a caller that started the host and waits on it, to say why it stopped.
    /// </summary>
    public static Exception? FailedService(IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return Failed(BackgroundServices(host));
    }

    /// <summary>
    /// Why a start failed, for one line: the failed background service's own exception where there is one (the host's
    /// exception is then only "a task was canceled"), else the host's exception.
    /// </summary>
    private static string Cause(Exception caught, IReadOnlyList<BackgroundService> services) => (Failed(services) ?? caught) switch
    {
        OperationCanceledException => "its start was cancelled before every service had started.",
        var other => Describe(other),
    };

    /// <summary>
    /// One line for a host that could not be built or started (also for a caller that builds its own). Every settings
    /// failure is named; a validation failure reads as its own message (without the "DataAnnotation validation failed
    /// for … with the error:" wrapping); the binder's "Failed to convert configuration value 'Nope' at 'Match:Index' to
    /// type '…'" gets what was wrong with the value and, for a list of names, the names allowed.
    /// </summary>
    public static string Describe(Exception ex) => ex switch
    {
        // The settings' validator throws one exception per options class that failed: every one is named, not the first.
        AggregateException several when IsSettings(several) =>
            string.Join(" ", several.InnerExceptions.Select(Describe)),
        OptionsValidationException validation => string.Join(" ", validation.Failures.Select(Unwrapped)),
        InvalidOperationException when ConversionTarget().Match(ex.Message) is { Success: true } conversion =>
            $"{ex.Message}{(ex.GetBaseException() is var root && root != ex ? " " + root.Message : "")}{AllowedNames(conversion.Groups["type"].Value)}",
        // The root cause's message, unless the outer one quotes it already (a corrupt key store said its JSON error twice).
        _ when ex.GetBaseException() is var root && root != ex && !QuotesItsCause(ex) => $"{ex.Message} {root.Message}",
        _ => ex.Message,
    };

    private static bool QuotesItsCause(Exception ex)
    {
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (ex.Message.Contains(inner.Message, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsSettings(Exception ex) => ex is AggregateException aggregate && aggregate.InnerExceptions.All(e => e is OptionsValidationException);

    // "DataAnnotation validation failed for 'CropOptions' members: 'MinScore' with the error: 'The field MinScore must be
    // between 0 and 1.'" reads "Crops:MinScore: The field MinScore must be between 0 and 1.": the setting as it is
    // written, found by the options class's SectionName (the message alone named neither the section nor the class's
    // place in it).
    private static string Unwrapped(string failure)
    {
        if (DataAnnotationFailure().Match(failure) is not { Success: true } match)
        {
            return failure;
        }

        var error = match.Groups["error"].Value;
        var member = match.Groups["member"].Value;
        return UnknownSettings.SectionOf(match.Groups["type"].Value) is { } section && member.Length > 0 && !error.Contains(section + ":", StringComparison.Ordinal)
            ? $"{section}:{member}: {error}"
            : error;
    }

    // The allowed names of an enum setting, found by the type name the binder gives (error path only).
    private static string AllowedNames(string typeName) =>
        AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(typeName, throwOnError: false)).FirstOrDefault(t => t is { IsEnum: true }) is { } type
            ? $" Allowed: {string.Join(", ", Enum.GetNames(type))}."
            : "";

    [System.Text.RegularExpressions.GeneratedRegex(@"^Failed to convert configuration value '.*' at '.*' to type '(?<type>[^']+)'")]
    private static partial System.Text.RegularExpressions.Regex ConversionTarget();

    [System.Text.RegularExpressions.GeneratedRegex(@"^DataAnnotation validation failed for '(?<type>[^']*)' members: '(?<member>[^',]*)' with the error: '(?<error>.*)'\.?$", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex DataAnnotationFailure();

    private static Exception? Failed(IReadOnlyList<BackgroundService> services) =>
        services.Select(s => s.ExecuteTask).FirstOrDefault(t => t is { IsFaulted: true })?.Exception?.InnerExceptions[0];

    // RunAsync disposes the host however it ends; one that failed before it ran is disposed here (twice is harmless).
    private static async Task DisposeAsync(IHost host)
    {
        if (host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            host.Dispose();
        }
    }

    // Resolved before the host starts (and disposes its services when it stops): the host starts these same singletons.
    // Resolving them can itself fail: that is a failed start too.
    private static BackgroundService[] BackgroundServices(IHost host) =>
        [.. host.Services.GetServices<IHostedService>().OfType<BackgroundService>()];
}

/// <summary>A service host could not start; the message names the cause.</summary>
public sealed class ServiceStartException(string message, Exception innerException) : Exception(message, innerException);
