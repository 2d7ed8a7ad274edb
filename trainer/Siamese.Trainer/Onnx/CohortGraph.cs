using Siamese.Onnx;
using Siamese.Onnx.Proto;
using Siamese.Trainer.Towers;

namespace Siamese.Trainer.Onnx;

/// <summary>
/// The nodes of <see cref="FaceCohort.Apply"/>: ReduceSumSquare + MatMul × −2 + the faces' squared norms → Reshape
/// [N, people, faces] → ReduceMin → TopK (smallest Nearest + 1) → Slice off the nearest → Relu → Sqrt → ReduceMean →
/// Max with the epsilon → the embedding divided by it.
/// </summary>
internal static class CohortGraph
{
    public static string Add(OnnxGraphBuilder graph, string name, FaceCohort cohort, string embedding)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(cohort);
        var own = graph.AddNode("ReduceSumSquare", $"{name}.own", [embedding], OnnxAttributes.Ints("axes", [1]), OnnxAttributes.Int("keepdims", 1));
        var dot = graph.AddNode("MatMul", $"{name}.dot", [embedding, graph.AddInitializer($"{name}.faces", cohort.FaceColumns)]);
        var twice = graph.AddNode("Mul", $"{name}.twice", [dot, graph.AddInitializer($"{name}.minus_two", [-2f], [])]);
        var withFaces = graph.AddNode("Add", $"{name}.with_faces", [twice, graph.AddInitializer($"{name}.face_norms", cohort.SquaredNorms)]);
        var squared = graph.AddNode("Add", $"{name}.squared", [own, withFaces]);
        var byPerson = graph.AddNode("Reshape", $"{name}.by_person", [squared, graph.AddInt64Initializer($"{name}.by_person_shape", [-1, cohort.People, cohort.PerPerson])]);
        var perPerson = graph.AddNode("ReduceMin", $"{name}.per_person", [byPerson], OnnxAttributes.Ints("axes", [2]), OnnxAttributes.Int("keepdims", 0));
        var ranked = $"{name}.ranked";
        var rankedIndices = $"{name}.ranked_indices";
        var topK = new NodeProto { OpType = "TopK", Name = ranked };
        topK.Input.Add(perPerson);
        topK.Input.Add(graph.AddInt64Initializer($"{name}.ranked_k", [cohort.Nearest + 1]));
        topK.Output.Add(ranked);
        topK.Output.Add(rankedIndices);
        topK.Attribute.Add(OnnxAttributes.Int("axis", 1));
        topK.Attribute.Add(OnnxAttributes.Int("largest", 0));
        topK.Attribute.Add(OnnxAttributes.Int("sorted", 1));
        graph.AddForeignNode(topK);
        var kept = graph.AddNode("Slice", $"{name}.kept", [
            ranked,
            graph.AddInt64Initializer($"{name}.kept_starts", [1]),
            graph.AddInt64Initializer($"{name}.kept_ends", [cohort.Nearest + 1]),
            graph.AddInt64Initializer($"{name}.kept_axes", [1]),
        ]);
        var distances = graph.AddNode("Sqrt", $"{name}.distances", [graph.AddNode("Relu", $"{name}.non_negative", [kept])]);
        var mean = graph.AddNode("ReduceMean", $"{name}.mean", [distances], OnnxAttributes.Ints("axes", [1]), OnnxAttributes.Int("keepdims", 1));
        var scale = graph.AddNode("Max", $"{name}.scale", [mean, graph.AddInitializer($"{name}.epsilon", [FaceCohort.Epsilon], [])]);
        return graph.AddNode("Div", name, [embedding, scale]);
    }
}
