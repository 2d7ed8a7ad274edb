using System.CommandLine;
using Siamese.Trainer.Training;

namespace Siamese.Trainer.Cli;

/// <summary><c>export</c>: a checkpoint's best weights as model.onnx with its metadata (threshold from validation).</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "A run's folder (train --out), its checkpoints folder or checkpoints/last.json.", Required = true };
        var output = new Option<string>("--out") { Description = "ONNX file to write.", DefaultValueFactory = _ => "model.onnx" };
        var data = new Option<string?>("--data") { Description = "Dataset folder, if it moved since training (for the metadata's data summary)." };
        var command = new Command("export", "Export a checkpoint to ONNX.") { checkpoint, output, data };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            OutputFile.Check("--out", parse.GetValue(output), "exported.onnx");
            var metadata = CheckpointExport.Run(parse.GetValue(checkpoint)!, parse.GetValue(output)!, parse.GetValue(data), Console.Out);
            Console.WriteLine($"Wrote {parse.GetValue(output)}: {metadata.ModelId}, threshold {metadata.Threshold}.");
            return 0;
        }));
        return command;
    }
}
