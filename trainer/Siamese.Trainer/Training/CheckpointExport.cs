using Siamese.Model;
using Siamese.Trainer.Backbone;
using Siamese.Trainer.Data;
using Siamese.Trainer.Onnx;
using Siamese.Trainer.Towers;

namespace Siamese.Trainer.Training;

/// <summary>Exports a checkpoint's best weights with the threshold its last validation calibrated.</summary>
public static class CheckpointExport
{
    public static ModelMetadata Run(string checkpoint, string output, string? dataFolder, TextWriter? log = null)
    {
        var (state, directory) = CheckpointStore.Load(checkpoint);
        var options = state.Options;
        var weights = Path.Combine(directory, state.BestWeights);
        using var tower = TowerFactory.Load(options.ToTowerOptions(), weights);
        tower.eval();
        var folder = RunData.Folder(options, dataFolder, " (export reads it for the model's data summary)");
        var name = options.Synthetic ? "synthetic" : Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
        if (tower is BackboneTower head)
        {
            // The backbone's weights are the package's; only the head is in the checkpoint.
            var items = DuplicateImages.Scan(folder).Kept; // counted as the run counted them
            int Count(IReadOnlyList<string> labels) => items.Count(i => labels.Contains(i.Label));
            var summary = new MetadataBuilder.DataSummary(name, state.Split, new(Count(state.Split.Train), Count(state.Split.Validation), Count(state.Split.Test)), state.Pixels);
            var backboneMetadata = MetadataBuilder.Build(options, summary, head, state.Threshold, null, weights);
            // The threshold was calibrated on the embedding as served, so the model serves the same views (a checkpoint
            // written before served views were an option served the image alone).
            BackboneExporter.Export(head, BackboneGraph.Load(ResNet18Files.Locate(), options.FeatureStages ?? 1, options.Pooling ?? BackbonePooling.Average, options.ServedZoom ?? ImageView.Zoom, options.CatalogueZoom), backboneMetadata, output, options.ServedViews ?? 1);
            return backboneMetadata;
        }

        var photoItems = DuplicateImages.Scan(folder).Kept;
        var loaded = GrayDataset.Load(photoItems);
        var cohortFace = state.CohortNearest > 0 ? tower as FaceTower : null;
        options = options.WithGalleryAsCheckpointed();
        if (options.TrainsOnGallery && !Directory.Exists(options.Gallery))
        {
            throw new ArgumentException($"The run trained on its --gallery '{options.Gallery}' too, and export reads it as the run did (its face cohort, its image counts): it is not found.");
        }

        // The cohort is embedded from the training faces as the run aligned them, its gallery images included.
        var (dataset, _, _) = TrainingPipeline.WithTrainingGallery(cohortFace is null ? loaded : FaceAlignment.Apply(loaded, options, TextWriter.Null), photoItems, options, state.Split, align: cohortFace is not null, TextWriter.Null);
        var data = PreparedData.Create(name, dataset, options.InputHeight, options.InputWidth, _ => state.Split, state.Pixels);
        if (cohortFace is not null)
        {
            cohortFace.SetCohort(FaceTraining.CohortOf(cohortFace, data.Set.Inputs, data.Dataset.IdentityOfImage, data.TrainImages, state.CohortNearest));
            log?.WriteLine($"Cohort scaling: the model holds an embedding of each of the {cohortFace.Cohort!.Faces:N0} training faces; keep it as you keep their photos.");
        }

        var metadata = MetadataBuilder.Build(options, data, tower, state.Threshold, null, weights);
        OnnxExporter.Export(tower, metadata, output);
        return metadata;
    }
}
