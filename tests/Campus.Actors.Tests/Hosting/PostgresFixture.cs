using Campus.TestKit;

namespace Campus.Actors.Tests.Hosting;

/// <summary>
/// One throwaway PostgreSQL server for every test of the "postgres" collection, started before the
/// first and stopped after the last. Tests isolate themselves with a schema or a database each.
/// Set <c>CAMPUS_TEST_POSTGRES</c> to a connection string to use an existing server instead.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    /// <summary>The running server.</summary>
    public PostgresServer Server => _server ?? throw new InvalidOperationException("The PostgreSQL server is not started.");

    /// <inheritdoc />
    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

/// <summary>The collection of tests that share <see cref="PostgresFixture"/>.</summary>
[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;
