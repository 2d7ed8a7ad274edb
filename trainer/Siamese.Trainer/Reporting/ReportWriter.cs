namespace Siamese.Trainer.Reporting;

public static class ReportWriter
{
    public const string JsonFile = "report.json", MarkdownFile = "report.md";

    public static void Write(string directory, RunReport report)
    {
        Json.Write(Path.Combine(directory, JsonFile), report);
        File.WriteAllText(Path.Combine(directory, MarkdownFile), ReportText.Markdown(report));
    }
}
