using System.Runtime.CompilerServices;
using Siamese.Trainer.Cli;

namespace Siamese.Trainer.Tests;

/// <summary>The trainer's process settings, applied to the test host as the trainer's Program applies them.</summary>
internal static class ProcessSettings
{
#pragma warning disable CA2255 // The test host has no Main of its own: this is where a process setting goes.
    [ModuleInitializer]
    internal static void Apply() => _ = AllocatorPolicy.Apply();
#pragma warning restore CA2255
}
