using System.Text.Json;
using System.Text.Json.Nodes;

namespace Siamese.Inference;

/// <summary>
/// The training summary as the services answer it: without the split's identity lists (the trainer records which
/// people or items trained, validated and tested the model; those names are the training set's, not the tenants', and
/// no caller needs them). Counts, dataset name and settings stay.
/// </summary>
public static class PublicTrainingData
{
    /// <summary>Properties of the summary that name identities.</summary>
    private static readonly string[] Private = ["split"];

    public static string Of(string? trainingData)
    {
        if (string.IsNullOrWhiteSpace(trainingData))
        {
            return "";
        }

        try
        {
            if (JsonNode.Parse(trainingData) is not JsonObject summary || !Private.Any(summary.ContainsKey))
            {
                return trainingData;
            }

            foreach (var name in Private)
            {
                summary.Remove(name);
            }

            return summary.ToJsonString();
        }
        catch (JsonException)
        {
            // Free-form text (a hand-made model's note): nothing structured to take out.
            return trainingData;
        }
    }
}
