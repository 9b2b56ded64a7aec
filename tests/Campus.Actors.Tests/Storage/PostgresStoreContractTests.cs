using Campus.Actors.Runtime;
using Campus.Actors.Storage.Postgres;

namespace Campus.Actors.Tests.Storage;

/// <summary>The shared store contract, run against PostgreSQL with a fresh schema per store.</summary>
[Collection("postgres")]
public sealed class PostgresStoreContractTests(PostgresFixture fixture) : StoreContractTests
{
    protected override async Task<IShardStore> CreateStoreAsync()
    {
        var store = new PostgresShardStore(await fixture.Server.CreateSchemaAsync("contract"));
        try
        {
            await store.MigrateAsync();
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }
}
