using Siamese.Benchmarks;
using Siamese.Reliability;

// Reliability suite (issue #13): runs the real hosts as processes, attacks them, writes bench/results/reliability.json.
ReliabilityOptions options;
try
{
    options = ReliabilityOptions.Parse(args);
}
catch (HelpRequestedException help)
{
    Console.WriteLine("Siamese.Reliability: the reliability suite against running hosts (README, API keys, tenants and limits).");
    Console.WriteLine(help.Message);
    return 0;
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

var progress = new Progress<string>(line => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}"));
var report = await ReliabilityRun.RunAsync(options, progress);
var command = "dotnet run -c Release --project tools/Siamese.Reliability" + (args.Length > 0 ? " -- " + string.Join(' ', args) : "");
var path = ResultsFile.Write("reliability", command, report);
Console.WriteLine($"wrote {Path.GetRelativePath(ResultsFile.RepoRoot(), path)}");
foreach (var (line, met) in report.Acceptance)
{
    Console.WriteLine($"{(met ? "met    " : "NOT MET")}  {line}");
}

return report.Acceptance.Values.All(v => v) ? 0 : 1;
