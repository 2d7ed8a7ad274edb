using Microsoft.Extensions.DependencyInjection;
using Siamese.Imaging;
using Siamese.Security;
using Siamese.Model;

namespace Siamese.Cli.Tests;

/// <summary>The CLI run in-process against a fake match service on a loopback port; output captured from the console.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class CliTests : FakeServerTest
{
    [Fact]
    public async Task EnrollGoesOnPastBadFilesAndListsEachWithItsReason()
    {
        var images = SyntheticDataset.Generate(Root, classes: 2, perClass: 2, seed: 5);
        var notAnImage = Path.Combine(Root, "item-001", "03.png");
        File.WriteAllText(notAnImage, "this is text");
        File.WriteAllText(Path.Combine(Root, "item-002", "IMG_0001.heic"), "a phone's photo, a type not read");
        var truncated = Path.Combine(Root, "item-002", "03.png");
        var png = File.ReadAllBytes(images[0].Path);
        File.WriteAllBytes(truncated, png[..(png.Length / 2)]);

        var (exitCode, output) = await CliRunner.RunAsync("enroll", Root, "--server", Server.Address.ToString(), "--api-key", Server.TenantKey);

        Assert.Equal(ExitCodes.SomeFailed, exitCode);
        Assert.Equal(4, Server.Matcher.Enrolled.Count);
        Assert.Contains("Enrolled 4 of 6 images (2 subjects)", output, StringComparison.Ordinal);
        Assert.Contains($"{notAnImage}: not an image", output, StringComparison.Ordinal);
        Assert.Contains($"{truncated}: rejected: PNG data truncated", output, StringComparison.Ordinal);
        Assert.Contains("Not read: 1 file(s) under the class folders: item-002/IMG_0001.heic (not an image type read here).", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("calibrate", "--target-far")]
    [InlineData("enroll", "--per-class")]
    [InlineData("enroll", "--parallel")]
    [InlineData("accuracy", "--threshold")]
    [InlineData("accuracy", "--per-class")]
    [InlineData("identify", "--top-k")]
    public async Task AWordWhereANumberBelongsIsTheParsersErrorNotACrash(string verb, string option)
    {
        SyntheticDataset.Generate(Root, classes: 2, perClass: 2, seed: 5);
        var target = verb == "identify" ? Directory.GetFiles(Root, "*.png", SearchOption.AllDirectories)[0] : Root;

        // Before: the option's own check read the value that did not convert, and threw: an unhandled exception with
        // its stack trace (in a terminal, exit 134).
        var (exitCode, output) = await CliRunner.RunAsync(verb, target, option, "abc", "--server", Server.Address.ToString(), "--api-key", Server.TenantKey);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains($"Cannot parse argument 'abc' for option '{option}'", output, StringComparison.Ordinal);
        Assert.Empty(Server.Matcher.Enrolled);
    }

    [Theory]
    [InlineData(1, "1 image (1 subject)")] // before: "1 images (1 subjects)"
    [InlineData(2, "2 images (2 subjects)")]
    public async Task TheEnrolmentsCountsTakeTheirNounsNumber(int classes, string counted)
    {
        SyntheticDataset.Generate(Root, classes, perClass: 1, seed: 5);

        var output = (await CliRunner.RunAsync("enroll", Root, "--server", Server.Address.ToString(), "--api-key", Server.TenantKey)).Output;

        Assert.Contains($"Enrolled {classes} of {counted} into the key's tenant", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnrollingAFolderAgainSaysWhichImagesWereThereBefore()
    {
        SyntheticDataset.Generate(Root, classes: 2, perClass: 2, seed: 5);
        string[] args = ["enroll", Root, "--server", Server.Address.ToString(), "--api-key", Server.TenantKey];
        var (_, first) = await CliRunner.RunAsync(args);
        var (_, again) = await CliRunner.RunAsync(args);
        // A class gains a picture (here one of the other class's, new to this subject).
        File.Copy(Path.Combine(Root, "item-002", "01.png"), Path.Combine(Root, "item-001", "05.png"));

        var (exitCode, grown) = await CliRunner.RunAsync(args);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.DoesNotContain("before", first, StringComparison.Ordinal);
        Assert.Contains("Enrolled 4 of 4 images (2 subjects)", again, StringComparison.Ordinal);
        Assert.Contains("All 4 were enrolled before: nothing was added.", again, StringComparison.Ordinal);
        Assert.Contains("Enrolled 5 of 5 images (2 subjects)", grown, StringComparison.Ordinal);
        Assert.Contains("1 new; not added again, as already enrolled (or a byte-for-byte copy of another image of its class): 4.", grown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnHttpsAddressOfAPlainTextPortIsOneLineThatSaysToUseHttp()
    {
        var images = SyntheticDataset.Generate(Root, classes: 2, perClass: 2, seed: 5);
        var https = new UriBuilder(Server.Address) { Scheme = "https" }.Uri.ToString();

        var (identify, identifyOutput) = await CliRunner.RunAsync("identify", images[0].Path, "--server", https, "--api-key", Server.TenantKey);
        var (enroll, enrollOutput) = await CliRunner.RunAsync("enroll", Root, "--server", https, "--api-key", Server.TenantKey);

        // Before: "Internal: Error starting gRPC call. HttpRequestException: …" and exit 1, once per file for enroll.
        Assert.Equal((ExitCodes.ServiceUnavailable, ExitCodes.ServiceUnavailable), (identify, enroll));
        Assert.Contains("the TLS handshake failed (", identifyOutput, StringComparison.Ordinal);
        Assert.Contains("(use http://)", identifyOutput, StringComparison.Ordinal);
        Assert.Equal(1, enrollOutput.Split("TLS handshake failed").Length - 1);
        Assert.DoesNotContain("HttpRequestException", identifyOutput + enrollOutput, StringComparison.Ordinal);
        Assert.Empty(Server.Matcher.Enrolled);
    }

    [Fact]
    public async Task EnrollPerClassTakesTheFirstImagesOfEachClass()
    {
        SyntheticDataset.Generate(Root, classes: 3, perClass: 3, seed: 5);

        var (exitCode, _) = await CliRunner.RunAsync("enroll", Root, "--per-class", "1", "--server", Server.Address.ToString(), "--api-key", Server.TenantKey);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Equal(["item-001", "item-002", "item-003"], Server.Matcher.Enrolled.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task IdentifyPrintsTheDecisionAndCandidates()
    {
        var images = SyntheticDataset.Generate(Root, classes: 1, perClass: 2, seed: 5);
        await CliRunner.RunAsync("enroll", Root, "-k", "1", "-s", Server.Address.ToString(), "--api-key", Server.TenantKey);

        var (exitCode, output) = await CliRunner.RunAsync("identify", images[1].Path, "--top-k", "3", "-s", Server.Address.ToString(), "--api-key", Server.TenantKey);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("02.png at 0,0 92×112: item-001", output, StringComparison.Ordinal);
        Assert.Contains("1. item-001", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccuracyOfASingleClassIsRefusedRatherThanA100PercentThatMeansNothing()
    {
        SyntheticDataset.Generate(Root, classes: 1, perClass: 4, seed: 5);

        var (exitCode, output) = await CliRunner.RunAsync("accuracy", Root, "-s", Server.Address.ToString(), "--api-key", FakeMatcherServer.AdminKey);

        // Before: "One-shot rank-1 accuracy: 100.0% (3/3)".
        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("Only one class ('item-001') has an image to enrol: every probe could only be named that class", output, StringComparison.Ordinal);
        Assert.Empty(Server.Matcher.Enrolled);
    }

    [Fact]
    public async Task EvalEnrolsTheFirstImageIdentifiesTheRestAndCleansUp()
    {
        SyntheticDataset.Generate(Root, classes: 2, perClass: 3, seed: 5);

        var (exitCode, output) = await CliRunner.RunAsync("accuracy", Root, "--json", "-s", Server.Address.ToString(), "--api-key", FakeMatcherServer.AdminKey);

        // The fake always answers item-001: right for that class's 2 queries, wrong for item-002's 2.
        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("rank-1 accuracy: 50.0% (2/4)", output, StringComparison.Ordinal);
        Assert.Contains("p50", output, StringComparison.Ordinal);
        Assert.Contains("\"queries\": 4", output, StringComparison.Ordinal);
        Assert.Equal(["item-001", "item-002"], Server.Matcher.Deleted.Order(StringComparer.Ordinal));
        var tenant = Assert.Single(Server.Matcher.Tenants.Distinct());
        Assert.StartsWith("eval-", tenant, StringComparison.Ordinal);
        Assert.DoesNotContain(Server.Services.GetRequiredService<TenantAdministration>().ListTenants(), t => t.Name == tenant);
    }

    [Fact]
    public async Task AccuracyInTheUsersTenantRemovesTheSubjectsItEnrolled()
    {
        SyntheticDataset.Generate(Root, classes: 2, perClass: 3, seed: 5);

        var (exitCode, output) = await CliRunner.RunAsync("accuracy", Root, "--tenant", "acme", "-s", Server.Address.ToString(), "--api-key", Server.TenantKey);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("rank-1 accuracy: 50.0% (2/4)", output, StringComparison.Ordinal);
        Assert.Equal(["item-001", "item-002"], Server.Matcher.Deleted.Order(StringComparer.Ordinal));
        Assert.Contains("Removed the 2 evaluation subjects of tenant 'acme'.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccuracyRefusesATenantThatHasASubjectNamedLikeOneOfItsClassesBeforeEnrollingAnything()
    {
        var images = SyntheticDataset.Generate(Root, classes: 2, perClass: 3, seed: 5);
        var existing = Path.Combine(Path.GetTempPath(), $"acc-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(existing, "item-002"));
        File.Copy(images[^1].Path, Path.Combine(existing, "item-002", "own.png"));
        try
        {
            await CliRunner.RunAsync("enroll", existing, "-s", Server.Address.ToString(), "--api-key", Server.TenantKey);
            var enrolledBefore = Server.Matcher.Enrolled.Count;

            var (exitCode, output) = await CliRunner.RunAsync("accuracy", Root, "--tenant", "acme", "-s", Server.Address.ToString(), "--api-key", Server.TenantKey);

            Assert.Equal(ExitCodes.BadInput, exitCode);
            Assert.Contains("Tenant 'acme' already has 1 subject(s) named like classes of", output, StringComparison.Ordinal);
            Assert.Contains("'item-002'", output, StringComparison.Ordinal);
            Assert.Equal(enrolledBefore, Server.Matcher.Enrolled.Count);
            Assert.Empty(Server.Matcher.Deleted);
        }
        finally
        {
            Directory.Delete(existing, recursive: true);
        }
    }

    [Fact]
    public async Task UnreachableServiceStopsTheRunWithOneClearReason()
    {
        SyntheticDataset.Generate(Root, classes: 2, perClass: 2, seed: 5);

        var (exitCode, output) = await CliRunner.RunAsync("enroll", Root, "-s", "http://127.0.0.1:1");

        Assert.Equal(ExitCodes.ServiceUnavailable, exitCode);
        Assert.Contains("Stopped: match service unavailable", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsageErrorsExitWithBadInput()
    {
        var (exitCode, output) = await CliRunner.RunAsync("identify", Path.Combine(Root, "missing.png"));
        var (noVerbExit, noVerb) = await CliRunner.RunAsync("no-such-verb");

        // The verb's error in a line and where its help is, not the error above the whole help text.
        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("missing.png", output, StringComparison.Ordinal);
        Assert.Contains("See 'siamese identify --help' for its arguments and options.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Description:", output, StringComparison.Ordinal);

        // Without a known verb the root's help lists the verbs.
        Assert.Equal(ExitCodes.BadInput, noVerbExit);
        Assert.Contains("calibrate", noVerb, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("enroll")]
    [InlineData("identify")]
    [InlineData("accuracy")]
    [InlineData("calibrate")]
    public async Task ATenantTheServiceWouldRefuseIsRefusedOnceBeforeAnythingIsSent(string verb)
    {
        var images = SyntheticDataset.Generate(Root, classes: 2, perClass: 3, seed: 5);
        var target = verb == "identify" ? images[0].Path : Root;

        var (exitCode, output) = await CliRunner.RunAsync(verb, target, "--tenant", "shop 1/x", "-s", Server.Address.ToString(), "--api-key", Server.TenantKey);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Single(output.Split('\n'), l => l.Contains("Tenant 'shop 1/x' is not valid", StringComparison.Ordinal));
        Assert.Empty(Server.Matcher.Enrolled);
        Assert.Empty(Server.Matcher.Tenants);
    }

    [Fact]
    public async Task NonImageToIdentifyIsRejectedBeforeCallingTheService()
    {
        Directory.CreateDirectory(Root);
        var file = Path.Combine(Root, "notes.png");
        await File.WriteAllTextAsync(file, "hello");

        var (exitCode, output) = await CliRunner.RunAsync("identify", file, "-s", Server.Address.ToString(), "--api-key", Server.TenantKey);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("not an image", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("enroll")]
    [InlineData("accuracy")]
    [InlineData("calibrate")]
    public async Task AFileWhereAFolderOfClassesBelongsIsSaidToBeAFile(string verb)
    {
        var images = SyntheticDataset.Generate(Root, classes: 1, perClass: 2, seed: 5);

        var (exitCode, output) = await CliRunner.RunAsync(verb, images[0].Path, "-s", Server.Address.ToString(), "--api-key", Server.TenantKey);

        // Before: "Directory does not exist".
        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains($"'{images[0].Path}' is a file: '{verb}' takes a folder with a sub-folder of images per class", output, StringComparison.Ordinal);
        Assert.Empty(Server.Matcher.Tenants);
    }

    [Fact]
    public async Task AFolderToIdentifyIsSaidToBeAFolderNotAPermissionProblem()
    {
        SyntheticDataset.Generate(Root, classes: 1, perClass: 2, seed: 5);

        var (exitCode, output) = await CliRunner.RunAsync("identify", Root, "-s", Server.Address.ToString(), "--api-key", Server.TenantKey);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("is a folder, not an image file (a folder of images is enrolled with 'siamese enroll')", output, StringComparison.Ordinal);
        Assert.DoesNotContain("denied", output, StringComparison.Ordinal);
        Assert.Empty(Server.Matcher.Tenants);
    }
}
