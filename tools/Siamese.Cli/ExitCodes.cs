namespace Siamese.Cli;

/// <summary>Process exit codes, so scripts can tell "some files were bad" from "nothing could run".</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The run finished, but at least one file failed (each one is listed with its reason).</summary>
    public const int SomeFailed = 1;

    /// <summary>The input (folder, file, option) is unusable.</summary>
    public const int BadInput = 2;

    /// <summary>The match service could not be used at all (unreachable, not ready, wrong server).</summary>
    public const int ServiceUnavailable = 3;
}
