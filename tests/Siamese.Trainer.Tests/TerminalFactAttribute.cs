namespace Siamese.Trainer.Tests;

/// <summary>A fact that runs a command under a pseudo-terminal (util-linux <c>script</c>); skipped with the reason when there is none.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class TerminalFactAttribute : FactAttribute
{
    public TerminalFactAttribute()
    {
        if (PseudoTerminal.Script is null)
        {
            Skip = "util-linux 'script' is not on PATH: no pseudo-terminal to run the trainer in (apt-get install bsdutils).";
        }
    }
}
