using System.Diagnostics;
using System.Text.Json;
using Siamese.Screenshots;

namespace Siamese.Web.Tests;

/// <summary>The README's curl recipes against the standalone host, with a photo as large as a phone takes.</summary>
public sealed class CurlTests
{
    [ModelAndCurlFact]
    public async Task AFiveMegabytePhotoEnrolsAndIdentifiesWithCurlF()
    {
        await using var server = await StandaloneServer.StartAsync(TestModel.Path!);
        var photo = Path.Combine(server.Folder, "phone.jpg");
        await File.WriteAllBytesAsync(photo, PhonePhoto.Create(server.Folder));

        var key = $"X-Api-Key: {server.ApiKey}";
        var enrol = await CurlAsync("-H", key, "-F", $"image=@{photo}", "-F", "displayName=Tea tin", $"{server.HttpUrl}/v1/tenants/default/subjects/tea-tin/examples");
        var identify = await CurlAsync("-H", key, "-F", $"image=@{photo}", $"{server.HttpUrl}/v1/tenants/default/identify");
        var raw = await CurlAsync("-H", key, "--data-binary", $"@{photo}", "-H", "Content-Type: image/jpeg", $"{server.HttpUrl}/v1/tenants/default/identify?topK=1");

        Assert.True(new FileInfo(photo).Length >= 5L * 1024 * 1024);
        Assert.Equal(1, enrol.GetProperty("exampleCount").GetInt32());
        foreach (var answer in new[] { identify, raw })
        {
            var result = answer.GetProperty("results")[0];
            Assert.Equal("DECISION_KNOWN", result.GetProperty("decision").GetString());
            Assert.Equal("tea-tin", result.GetProperty("subjectId").GetString());
            Assert.Equal("Tea tin", result.GetProperty("displayName").GetString());
        }
    }

    /// <summary>Runs curl as a user would (-sS: errors on stderr, --fail-with-body: non-2xx is a failure) and parses its JSON.</summary>
    private static async Task<JsonElement> CurlAsync(params string[] args)
    {
        var info = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-sS", "--fail-with-body", "--max-time", "120" }.Concat(args))
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"curl {string.Join(' ', args)} exited {process.ExitCode}: {await stderr} {await stdout}");
        return JsonDocument.Parse(await stdout).RootElement.Clone();
    }
}
