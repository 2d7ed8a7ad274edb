using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Polly.Timeout;
using Siamese.Index.Qdrant.Api;

namespace Siamese.Index.Qdrant;

/// <summary>
/// A small client for Qdrant's REST API over an <see cref="HttpClient"/> whose base address, <c>api-key</c>
/// header, timeouts and retries are configured by <see cref="QdrantServiceCollectionExtensions"/>.
/// </summary>
public sealed partial class QdrantClient(HttpClient http, ILogger<QdrantClient> logger) : IQdrantClient
{
    /// <summary>The name of the HTTP client in the <see cref="IHttpClientFactory"/>.</summary>
    public const string HttpClientName = "Siamese.Qdrant";

    private static readonly QdrantJsonContext Json = QdrantJsonContext.Default;

    /// <inheritdoc />
    public async Task<CollectionInfo?> GetCollectionAsync(string collection, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Path(collection, ""));
        return await SendAsync(collection, "get collection", request, Json.QdrantResponseCollectionInfo, notFoundIsNull: true, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task CreateCollectionAsync(string collection, CreateCollectionRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(collection, "create collection", HttpMethod.Put, Path(collection, ""), request, Json.CreateCollectionRequest, Json.QdrantResponseBoolean, cancellationToken);

    /// <inheritdoc />
    public Task CreatePayloadIndexAsync(string collection, CreateFieldIndexRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(collection, $"create payload index '{request.FieldName}'", HttpMethod.Put, Path(collection, "/index?wait=true"), request, Json.CreateFieldIndexRequest, Json.QdrantResponseUpdateResult, cancellationToken);

    /// <inheritdoc />
    public Task UpsertPointsAsync(string collection, UpsertPointsRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(collection, "upsert points", HttpMethod.Put, Path(collection, "/points?wait=true"), request, Json.UpsertPointsRequest, Json.QdrantResponseUpdateResult, cancellationToken);

    /// <inheritdoc />
    public async Task<GroupsResult> SearchGroupsAsync(string collection, SearchGroupsRequest request, CancellationToken cancellationToken = default) =>
        await SendAsync(collection, "search groups", HttpMethod.Post, Path(collection, "/points/search/groups"), request, Json.SearchGroupsRequest, Json.QdrantResponseGroupsResult, cancellationToken).ConfigureAwait(false)
        ?? throw Missing(collection, "search groups");

    /// <inheritdoc />
    public async Task<long> CountAsync(string collection, CountRequest request, CancellationToken cancellationToken = default) =>
        (await SendAsync(collection, "count points", HttpMethod.Post, Path(collection, "/points/count"), request, Json.CountRequest, Json.QdrantResponseCountResult, cancellationToken).ConfigureAwait(false)
        ?? throw Missing(collection, "count points")).Count;

    /// <inheritdoc />
    public Task DeletePointsAsync(string collection, DeletePointsRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(collection, "delete points", HttpMethod.Post, Path(collection, "/points/delete?wait=true"), request, Json.DeletePointsRequest, Json.QdrantResponseUpdateResult, cancellationToken);

    /// <inheritdoc />
    public async Task<ScrollResult> ScrollAsync(string collection, ScrollRequest request, CancellationToken cancellationToken = default) =>
        await SendAsync(collection, "scroll points", HttpMethod.Post, Path(collection, "/points/scroll"), request, Json.ScrollRequest, Json.QdrantResponseScrollResult, cancellationToken).ConfigureAwait(false)
        ?? throw Missing(collection, "scroll points");

    private static string Path(string collection, string suffix) => "collections/" + Uri.EscapeDataString(collection) + suffix;

    private static QdrantException Missing(string collection, string operation) =>
        new(collection, operation, HttpStatusCode.OK, "the response had no 'result'.");

    private async Task<TResult?> SendAsync<TRequest, TResult>(
        string collection, string operation, HttpMethod method, string path, TRequest body,
        JsonTypeInfo<TRequest> requestInfo, JsonTypeInfo<QdrantResponse<TResult>> responseInfo, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, requestInfo) };
        return await SendAsync(collection, operation, request, responseInfo, notFoundIsNull: false, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TResult?> SendAsync<TResult>(
        string collection, string operation, HttpRequestMessage request, JsonTypeInfo<QdrantResponse<TResult>> responseInfo,
        bool notFoundIsNull, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException
                                  || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogCallFailed(logger, operation, collection, e.Message);
            throw new QdrantException(collection, operation, null,
                e is HttpRequestException ? $"could not reach Qdrant at {http.BaseAddress}: {e.Message}" : $"timed out ({e.Message})", e);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound && notFoundIsNull)
            {
                return default;
            }

            if (!response.IsSuccessStatusCode)
            {
                var detail = await ErrorDetailAsync(response, cancellationToken).ConfigureAwait(false);
                LogCallFailed(logger, operation, collection, detail);
                throw new QdrantException(collection, operation, response.StatusCode, detail);
            }

            try
            {
                var envelope = await response.Content.ReadFromJsonAsync(responseInfo, cancellationToken).ConfigureAwait(false);
                return envelope is null ? default : envelope.Result;
            }
            catch (JsonException e)
            {
                throw new QdrantException(collection, operation, response.StatusCode, $"unreadable response: {e.Message}", e);
            }
        }
    }

    // Qdrant reports errors as {"status":{"error":"…"},"time":…}; anything else is shown as text.
    private static async Task<string> ErrorDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var envelope = JsonSerializer.Deserialize(text, Json.QdrantResponseJsonElement);
            if (envelope is not null
                && envelope.Status.ValueKind == JsonValueKind.Object
                && envelope.Status.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.String)
            {
                return error.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Not Qdrant's envelope (a proxy's page, say): fall through to the raw text.
        }

        return string.IsNullOrWhiteSpace(text) ? response.ReasonPhrase ?? "no details" : text.Length > 500 ? text[..500] : text;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Qdrant {Operation} on collection {Collection} failed: {Detail}")]
    private static partial void LogCallFailed(ILogger logger, string operation, string collection, string detail);
}
