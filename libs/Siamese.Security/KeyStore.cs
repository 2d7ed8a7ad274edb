using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Siamese.Security;

/// <summary>
/// The hosts' view of the key store: tenant keys by id, swapped whole when the file changes (so a lookup never sees half
/// a reload). Loaded when first used; <see cref="KeyStoreReloader"/> picks up other hosts' changes, and changes made here
/// (<see cref="Update{T}"/>) are visible at once.
/// </summary>
public sealed partial class KeyStore
{
    private readonly KeyStoreFile _file;
    private readonly ILogger<KeyStore> _logger;
    private readonly Lock _gate = new();
    private View? _view;

    public KeyStore(IOptions<SecurityOptions> options, ILogger<KeyStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _file = new KeyStoreFile(options.Value.KeyStorePath);
        _logger = logger;
    }

    /// <summary>The file behind the store.</summary>
    public string Path => _file.Path;

    /// <summary>Fails, naming the store, when this host could not write it.</summary>
    public void CheckWritable() => _file.CheckWritable();

    /// <summary>The current document.</summary>
    public KeyStoreDocument Document => Current.Document;

    /// <summary>The tenant a key acts for and the key's id, or null when the key is unknown or revoked.</summary>
    public (string Tenant, string KeyId)? Find(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (ApiKeyFormat.IdOf(key) is not { } id)
        {
            return null;
        }

        // A key created a moment ago by another host (the admin API, the CLI) works at once rather than after the next
        // periodic reload: an unknown id first looks whether the file changed (one stat while it has not).
        if (!Current.Keys.TryGetValue(id, out var entry) && !(ReloadIfChanged() && Current.Keys.TryGetValue(id, out entry)))
        {
            return null;
        }

        return ApiKeyFormat.Matches(key, entry.Key.Hash) ? (entry.Tenant, id) : null;
    }

    /// <summary>Rereads the file when it changed since the last read; a file that cannot be read keeps the last good view.</summary>
    public bool ReloadIfChanged()
    {
        var stamp = _file.Stamp();
        if (_view is { } view && view.Stamp == stamp)
        {
            return false;
        }

        try
        {
            var document = _file.Read();
            Swap(document, stamp);
            LogReloaded(_logger, _file.Path, document.Tenants.Count);
            return true;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException && _view is not null)
        {
            LogReloadFailed(_logger, ex, _file.Path);
            return false;
        }
    }

    /// <summary>Changes the store under its lock (read, change, write) and makes the result this host's view at once.</summary>
    public T Update<T>(Func<KeyStoreDocument, (KeyStoreDocument Document, T Result)> change)
    {
        var (document, result) = _file.Update(change);
        Swap(document, _file.Stamp());
        return result;
    }

    private View Current
    {
        get
        {
            if (Volatile.Read(ref _view) is { } view)
            {
                return view;
            }

            lock (_gate)
            {
                if (_view is null)
                {
                    // First use: an unreadable store fails loudly here (at start: SecurityStartup loads it).
                    var stamp = _file.Stamp();
                    Swap(_file.Read(), stamp);
                }

                return _view!;
            }
        }
    }

    private void Swap(KeyStoreDocument document, (DateTime, long)? stamp)
    {
        var keys = document.Tenants
            .SelectMany(t => t.Keys.Select(k => KeyValuePair.Create(k.Id, (t.Name, k))))
            .ToFrozenDictionary(StringComparer.Ordinal);
        Volatile.Write(ref _view, new View(document, keys, stamp));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Key store {Path} loaded: {Tenants} tenants")]
    private static partial void LogReloaded(ILogger logger, string path, int tenants);

    [LoggerMessage(Level = LogLevel.Error, Message = "Key store {Path} could not be reread; the last good copy stays in use")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception, string path);

    private sealed record View(
        KeyStoreDocument Document, FrozenDictionary<string, (string Tenant, StoredKey Key)> Keys, (DateTime, long)? Stamp);
}
