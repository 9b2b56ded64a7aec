using Campus.Actors.Runtime;
using Campus.Actors.Storage.Sqlite;

namespace Campus.Actors.Tests.Storage;

/// <summary>The store contract against <see cref="SqliteShardStore"/>, one file in a fresh temporary directory per store.</summary>
public sealed class SqliteStoreContractTests : StoreContractTests, IDisposable
{
    private readonly List<string> _directories = [];

    protected override async Task<IShardStore> CreateStoreAsync()
    {
        var directory = Directory.CreateTempSubdirectory("campus-sqlite-").FullName;
        lock (_directories) _directories.Add(directory);
        var store = new SqliteShardStore(Path.Combine(directory, "campus.db"));
        await store.MigrateAsync();
        return store;
    }

    public void Dispose()
    {
        foreach (var directory in _directories) Directory.Delete(directory, recursive: true);
    }
}
