using System.Collections.Concurrent;
using System.Net;
using Grpc.Core;
using Siamese.Protos.V1;

namespace Siamese.Reliability;

/// <summary>
/// Randomized operations by several tenants, each with its own key, where a third of them name another tenant or reach
/// for another tenant's subject or frame. A leak is any answer that shows a subject or frame of a tenant other than the
/// key's, or any call naming another tenant that succeeds. Subject ids carry their tenant's name, so a leak cannot hide.
/// </summary>
public sealed class CrossTenant(Deployment deployment, int dimension)
{
    private const int SubjectsPerTenant = 12;

    private readonly Matcher.MatcherClient _matcher = new(deployment.Channel);
    private readonly ConcurrentQueue<string> _leaks = new();
    private int _leakCount;
    private int _refused;
    private int _succeeded;
    private int _other;

    public IReadOnlyCollection<string> LeakDetails => _leaks;

    public async Task<CrossTenantFigures> RunAsync(int operations, int tenants, int seed = 11)
    {
        var names = Enumerable.Range(0, tenants).Select(i => $"ct-{i}").ToArray();
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            keys[name] = await deployment.CreateTenantKeyAsync(name);
            for (var s = 0; s < SubjectsPerTenant; s++)
            {
                await _matcher.EnrollAsync(new EnrollRequest { SubjectId = Subject(name, s), Embeddings = { Vector(new Random(s)) } }, Deployment.Auth(keys[name]));
            }
        }

        var frames = new ConcurrentDictionary<string, ConcurrentBag<Guid>>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(Enumerable.Range(0, operations), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var random = new Random(seed * 100_003 + i);
            var self = names[random.Next(names.Length)];
            var other = names.Where(n => n != self).ElementAt(random.Next(names.Length - 1));
            var roll = random.Next(10);
            var target = roll < 5 ? "" : roll < 7 ? self : other;
            await OperateAsync(random, self, keys[self], target, other, frames);
        });

        return new CrossTenantFigures(operations, _leakCount, _refused, _succeeded, _other, tenants);
    }

    private async Task OperateAsync(Random random, string self, string key, string target, string other, ConcurrentDictionary<string, ConcurrentBag<Guid>> frames)
    {
        var auth = Deployment.Auth(key);
        var crossing = target == other;
        var subject = random.Next(2) == 0 ? Subject(self, random.Next(SubjectsPerTenant)) : Subject(other, random.Next(SubjectsPerTenant));
        try
        {
            switch (random.Next(8))
            {
                case 0:
                    var identified = await _matcher.IdentifyAsync(new IdentifyRequest { Tenant = target, Embedding = Vector(random), TopK = 50 }, auth);
                    Check(self, crossing, identified.Results.SelectMany(r => r.Candidates.Select(c => c.SubjectId).Append(r.SubjectId)));
                    break;
                case 1:
                    var page = await _matcher.ListSubjectsAsync(new ListSubjectsRequest { Tenant = target, PageSize = 1000 }, auth);
                    Check(self, crossing, page.Subjects.Select(s => s.SubjectId));
                    break;
                case 2:
                    var found = await _matcher.GetSubjectAsync(new GetSubjectRequest { Tenant = target, SubjectId = subject }, auth);
                    Check(self, crossing, [found.SubjectId]);
                    break;
                case 3:
                    await _matcher.VerifyAsync(new VerifyRequest { Tenant = target, Image = Png, SubjectId = subject }, auth);
                    Check(self, crossing, [subject]);
                    break;
                case 4:
                    // Another tenant's subject by its own name: refused (other tenant) or NOT_FOUND (own tenant has no such subject).
                    var removed = await _matcher.DeleteSubjectAsync(new DeleteSubjectRequest { Tenant = target, SubjectId = Subject(other, 0) }, auth);
                    Leak($"{self} deleted {other}'s subject ({removed.RemovedExamples} examples)");
                    break;
                case 5:
                    await _matcher.EnrollAsync(new EnrollRequest { Tenant = target, SubjectId = Subject(self, random.Next(SubjectsPerTenant)), Embeddings = { Vector(random) } }, auth);
                    Check(self, crossing, []);
                    break;
                case 6:
                    await PostFrameAsync(self, key, target, frames);
                    break;
                default:
                    await ReadOthersFrameAsync(self, key, other, frames);
                    break;
            }
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.PermissionDenied)
        {
            Interlocked.Increment(ref _refused);
            if (!crossing)
            {
                Interlocked.Increment(ref _other);
            }
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            // Not found: the other tenant's subject does not exist in the caller's tenant (as it must). Invalid: the probe image has no face.
            if (crossing)
            {
                Leak($"{self} naming {other} got {ex.StatusCode} instead of PERMISSION_DENIED: {ex.Status.Detail}");
            }

            Interlocked.Increment(ref _other);
        }
    }

    private async Task PostFrameAsync(string self, string key, string target, ConcurrentDictionary<string, ConcurrentBag<Guid>> frames)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/frames?cameraId=cam-ct") { Content = new ByteArrayContent(Png.ToByteArray()) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        request.Headers.Add("X-Api-Key", key);
        if (target.Length > 0)
        {
            request.Headers.Add("X-Tenant", target);
        }

        using var response = await deployment.Http.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            frames.GetOrAdd(self, _ => []).Add(body.RootElement.GetProperty("frameId").GetGuid());
            Check(self, target.Length > 0 && target != self, []);
        }
        else if (response.StatusCode == HttpStatusCode.Forbidden)
        {
            Interlocked.Increment(ref _refused);
        }
        else
        {
            Interlocked.Increment(ref _other);
        }
    }

    private async Task ReadOthersFrameAsync(string self, string key, string other, ConcurrentDictionary<string, ConcurrentBag<Guid>> frames)
    {
        if (!frames.TryGetValue(other, out var theirs) || theirs.IsEmpty)
        {
            Interlocked.Increment(ref _other);
            return;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/frames/{theirs.First()}");
        request.Headers.Add("X-Api-Key", key);
        using var response = await deployment.Http.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            Interlocked.Increment(ref _refused);
        }
        else
        {
            Leak($"{self} read {other}'s frame: {(int)response.StatusCode}");
        }
    }

    private void Check(string self, bool crossing, IEnumerable<string> subjects)
    {
        if (crossing)
        {
            Leak($"{self} acted on another tenant and succeeded");
            return;
        }

        foreach (var s in subjects.Where(s => s.Length > 0 && !s.StartsWith(self + "/", StringComparison.Ordinal)))
        {
            Leak($"{self} saw '{s}'");
        }

        Interlocked.Increment(ref _succeeded);
    }

    private void Leak(string detail)
    {
        if (Interlocked.Increment(ref _leakCount) <= 100)
        {
            _leaks.Enqueue(detail);
        }
    }

    private static string Subject(string tenant, int i) => $"{tenant}/subject-{i}";

    private Embedding Vector(Random random) => new() { Values = { Enumerable.Range(0, dimension).Select(_ => random.NextSingle()) } };

    private static Google.Protobuf.ByteString Png { get; } = Google.Protobuf.ByteString.CopyFrom(
        Siamese.Imaging.ImageEncoder.EncodePng(new Siamese.Imaging.GrayImage(32, 32, [.. Enumerable.Range(0, 1024).Select(i => (float)(i % 256))])));
}
