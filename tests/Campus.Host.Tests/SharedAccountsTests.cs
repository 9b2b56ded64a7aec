using Campus.Host.Auth;
using Campus.Host.Storage;

namespace Campus.Host.Tests;

/// <summary>
/// Accounts, sessions and the audit trail on PostgreSQL, as the nodes of a cluster share them: two
/// stores on one database stand for two nodes.
/// </summary>
[Collection("host-postgres")]
public sealed class SharedAccountsTests(HostPostgresFixture fixture)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 22, 0, 0, TimeSpan.Zero);
    private const string Password = "Principal of 2026";

    [Fact]
    public async Task Create_admin_on_postgres_writes_the_shared_accounts_and_audit_not_files()
    {
        var connection = await fixture.Server.CreateDatabaseAsync("create_admin");
        var folder = Directory.CreateTempSubdirectory("campus-create-admin-pg-").FullName;
        try
        {
            string[] args = [CreateAdminCommand.Name, "principal", $"--Campus:DataFolder={folder}", "--Campus:Store=postgres", $"--Campus:ConnectionString={connection}"];
            var error = new StringWriter();
            Assert.Equal(0, CreateAdminCommand.Run(args, new StringReader(Password + "\n"), new StringWriter(), error));

            Assert.False(File.Exists(Path.Combine(folder, "accounts.json")));
            Assert.False(File.Exists(Path.Combine(folder, "audit.jsonl")));
            var database = Database(connection);
            var accounts = new AccountStore(database.SharedDocument("accounts", Path.Combine(folder, "accounts.json")));
            Assert.Equal(SignInOutcome.Success, accounts.SignIn("principal", Password, null, Now).Outcome);
            var entry = Assert.Single(new AuditLog(database.Postgres!, TimeProvider.System).List(null, null));
            Assert.Equal(("account-create", "principal"), (entry.Action, entry.Target));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_session_started_on_one_node_is_valid_on_another_and_signing_out_there_ends_it_on_both()
    {
        var database = Database(await fixture.Server.CreateDatabaseAsync("shared_sessions"));
        await database.MigrateAsync(CancellationToken.None);
        var nodeA = new AccountStore(database.SharedDocument("accounts", "unused-a.json"));
        var nodeB = new AccountStore(database.SharedDocument("accounts", "unused-b.json"));
        var endedOnA = new TaskCompletionSource<IReadOnlyList<string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        nodeA.SessionsEnded += keys => endedOnA.TrySetResult(keys);

        nodeA.SetOperator("guard", Roles.Security, "hj", Password);
        var session = nodeA.StartSession("guard", Now)!;
        Assert.NotNull(nodeA.FindSession("guard", session, Now));
        Assert.NotNull(nodeB.FindSession("guard", session, Now)); // B reads the change it heard of

        Assert.True(nodeB.EndSession("guard", session));

        // A hears of it (PostgreSQL NOTIFY) and ends the session's hub connections there too.
        Assert.Equal([AccountStore.SessionKey(session)], await endedOnA.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Null(nodeA.FindSession("guard", session, Now));
    }

    private static HostDatabase Database(string connection) =>
        new(new CampusStorageOptions { Store = "postgres", ConnectionString = connection }, AppContext.BaseDirectory);
}
