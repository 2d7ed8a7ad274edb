using System.Text.Json.Nodes;
using Siamese.Trainer.Training;

namespace Siamese.Trainer.Tests;

/// <summary>Checkpoints as a run from before an option wrote them.</summary>
internal static class OldCheckpoints
{
    /// <summary>Removes <paramref name="option"/> (its JSON name) from the options of the checkpoint in <paramref name="runDirectory"/>; returns the state file's path.</summary>
    public static string WithoutOption(string runDirectory, string option)
    {
        var state = Path.Combine(runDirectory, "checkpoints", CheckpointStore.StateFile);
        var json = JsonNode.Parse(File.ReadAllText(state))!;
        Assert.True(json["options"]!.AsObject().Remove(option), $"the checkpoint's options should name {option}");
        File.WriteAllText(state, json.ToJsonString());
        return state;
    }
}
