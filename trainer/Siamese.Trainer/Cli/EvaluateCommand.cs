using System.CommandLine;
using System.Globalization;
using Siamese.Trainer.Evaluation;
using Siamese.Trainer.Reporting;

namespace Siamese.Trainer.Cli;

/// <summary>
/// <c>evaluate</c> (also <c>eval</c>): the offline evaluation figures of a model.onnx or checkpoint on a folder. The
/// command-line client's <c>accuracy</c> measures a running server instead.
/// </summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "model.onnx, or a checkpoint (a run's folder, its checkpoints folder or checkpoints/last.json).", Required = true };
        var data = new Option<string?>("--data") { Description = "Dataset folder (default for a checkpoint: its training data)." };
        var all = new Option<bool>("--all-identities") { Description = "Use every identity of the folder, not only the model's recorded test identities." };
        var ways = new Option<int>("--ways") { Description = "One-shot ways (0 = all identities evaluated)." };
        var episodes = new Option<int>("--episodes") { Description = "One-shot and open-set episodes.", DefaultValueFactory = _ => 5000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the episode draws.", DefaultValueFactory = _ => 42 };
        var output = new Option<string?>("--out") { Description = "Also write the figures to this JSON file." };
        var detectorModel = new Option<string?>("--detector-model") { Description = "YuNet ONNX model that aligns the faces for a model trained with --align yunet (default: yunet_s_dynamic.onnx in the shared models folder)." };
        var gallery = new Option<string?>("--gallery") { Description = "Also identify the scored identities against this folder's enrolment images (one sub-folder per class, named as in --data; e.g. one catalogue image per product), as train --gallery reports it." };
        var command = new Command("evaluate", "Evaluate a model file offline on a folder: verification, one-shot, open-set, gallery-first, and against a --gallery of enrolment images. Images are cut as the model's training images were (YuNet-aligned faces for a face model).") { model, data, all, ways, episodes, seed, output, detectorModel, gallery };
        command.Aliases.Add("eval");
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            OutputFile.Check("--out", parse.GetValue(output), "eval.json");
            var request = new EvaluationRequest(parse.GetValue(model)!, parse.GetValue(data))
            {
                AllIdentities = parse.GetValue(all),
                Ways = parse.GetValue(ways),
                Episodes = parse.GetValue(episodes),
                Seed = parse.GetValue(seed),
                DetectorModel = parse.GetValue(detectorModel),
                Gallery = parse.GetValue(gallery),
            };
            var report = ModelEvaluation.Run(request, Console.Out);
            var f = report.Figures;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{report.Identities.Count} identities, {report.Images} images: one-shot {f.OneShot.Ways}-way {f.OneShot.Accuracy:P2} [{f.OneShot.Ci95[0]:P1}, {f.OneShot.Ci95[1]:P1}], " +
                $"EER {f.Verification.Eer:P2}, AUC {f.Verification.Auc:F4}, TAR@FAR1e-2 {f.Verification.TarAtFar1e2:P2}, gallery-first {f.GalleryFirst.Accuracy:P2}, " +
                $"unknown rejected {f.OpenSet.UnknownRejected:P1} at threshold {report.Threshold:F4}"));
            if (report.EnrolledGallery is { } enrolled)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Against the gallery ({report.Gallery}, {report.GalleryImages} images enrolled): {enrolled.Ways}-way {enrolled.Accuracy:P2} [{enrolled.Ci95[0]:P1}, {enrolled.Ci95[1]:P1}] over {enrolled.Episodes} episodes."));
            }
            if (parse.GetValue(output) is { } path)
            {
                Json.Write(path, report);
            }

            return 0;
        }));
        return command;
    }
}
