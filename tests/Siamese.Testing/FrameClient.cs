using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Siamese.Testing;

/// <summary>A camera's side of ingest: post a frame, fetch its status, with the camera owner's API key (its tenant is the key's).</summary>
public sealed class FrameClient(HttpClient http, string? apiKey)
{
    /// <summary>Posts a frame; returns its id. Throws <see cref="HttpRequestException"/> with the problem text otherwise.</summary>
    public async Task<Guid> PostAsync(byte[] image, string cameraId, string contentType = "image/png", string? idempotencyKey = null,
        CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/frames?cameraId={Uri.EscapeDataString(cameraId)}")
        {
            Content = new ByteArrayContent(image),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        AddKey(request);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            var problem = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new HttpRequestException($"POST /v1/frames answered {(int)response.StatusCode}: {problem}", null, response.StatusCode);
        }

        using var body = await response.Content.ReadFromJsonAsync<JsonDocument>(cancellationToken).ConfigureAwait(false);
        return body!.RootElement.GetProperty("frameId").GetGuid();
    }

    public async Task<FrameStatus?> GetAsync(Guid frameId, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/frames/{frameId}");
        AddKey(request);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
        return new FrameStatus(frameId, body.GetProperty("status").GetString()!,
            body.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null, body);
    }

    /// <summary>Polls until the frame is done or failed.</summary>
    public async Task<FrameStatus> WaitAsync(Guid frameId, TimeSpan pollInterval, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var status = await GetAsync(frameId, cancellationToken).ConfigureAwait(false);
            if (status is { Finished: true })
            {
                return status;
            }

            await Task.Delay(pollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private void AddKey(HttpRequestMessage request)
    {
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }
    }
}
