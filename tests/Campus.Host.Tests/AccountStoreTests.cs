using Campus.Host.Auth;

namespace Campus.Host.Tests;

/// <summary>Sessions and lockouts in <see cref="AccountStore"/>, without a host: time is passed in.</summary>
public sealed class AccountStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
    private const string Password = "Night shift 2026";

    private static (AccountStore Store, List<string> Ended) Store()
    {
        var store = AccountStore.InMemory();
        var ended = new List<string>();
        store.SessionsEnded += keys => ended.AddRange(keys);
        store.SetOperator("guard", Roles.Security, "hj", Password);
        return (store, ended);
    }

    [Fact]
    public void A_session_slides_while_it_is_used_and_ends_after_12_hours_unused()
    {
        var (store, ended) = Store();
        var session = store.StartSession("guard", T0)!;

        Assert.NotNull(store.FindSession("guard", session, T0 + TimeSpan.FromHours(7))); // past half: now ends at T0 + 19 h
        Assert.NotNull(store.FindSession("guard", session, T0 + TimeSpan.FromHours(18)));
        Assert.Null(store.FindSession("guard", session, T0 + TimeSpan.FromHours(31)));

        Assert.Equal([AccountStore.SessionKey(session)], ended);
        Assert.Null(store.FindSession("guard", session, T0 + TimeSpan.FromHours(8)));
    }

    [Fact]
    public void The_sweep_ends_expired_sessions_only()
    {
        var (store, ended) = Store();
        var old = store.StartSession("guard", T0)!;
        var recent = store.StartSession("guard", T0 + TimeSpan.FromHours(6))!;

        store.EndExpiredSessions(T0 + AccountStore.SessionTime);

        Assert.Equal([AccountStore.SessionKey(old)], ended);
        Assert.NotNull(store.FindSession("guard", recent, T0 + AccountStore.SessionTime));
    }

    [Fact]
    public void Issue13_replacing_or_removing_an_account_ends_its_sessions_and_a_new_one_starts_with_none()
    {
        var (store, ended) = Store();
        var first = store.StartSession("guard", T0)!;

        store.SetOperator("GUARD", Roles.Security, "hj", Password); // the same name, whatever the case

        Assert.Equal([AccountStore.SessionKey(first)], ended);
        Assert.Null(store.FindSession("guard", first, T0));
        var second = store.StartSession("guard", T0)!;
        Assert.True(store.Remove("guard"));
        Assert.Equal([AccountStore.SessionKey(first), AccountStore.SessionKey(second)], ended);
        store.SetOperator("guard", Roles.Security, "hj", Password);
        Assert.Null(store.FindSession("guard", second, T0));
    }

    [Fact]
    public void Signing_out_ends_that_session_only()
    {
        var (store, ended) = Store();
        var phone = store.StartSession("guard", T0)!;
        var desk = store.StartSession("guard", T0)!;

        Assert.True(store.EndSession("guard", phone));

        Assert.Null(store.FindSession("guard", phone, T0));
        Assert.NotNull(store.FindSession("guard", desk, T0));
        Assert.Equal([AccountStore.SessionKey(phone)], ended);
    }

    [Fact]
    public void Issue13_failures_lock_a_name_for_one_address_whether_the_account_exists_or_not()
    {
        var (store, _) = Store();
        var outcomes = new List<SignInOutcome>();
        for (var i = 0; i < AccountStore.MaxFailures; i++)
        {
            outcomes.Add(store.SignIn("guard", "wrong " + i, "203.0.113.7", T0).Outcome);
            outcomes.Add(store.SignIn("nobody", "wrong " + i, "203.0.113.7", T0).Outcome);
        }

        Assert.Equal([.. Enumerable.Repeat(SignInOutcome.Failed, 2 * (AccountStore.MaxFailures - 1)), SignInOutcome.LockedOut, SignInOutcome.LockedOut], outcomes);
        Assert.Equal(SignInOutcome.LockedOut, store.SignIn("guard", Password, "203.0.113.7", T0).Outcome);
        Assert.Equal(SignInOutcome.Success, store.SignIn("guard", Password, "198.51.100.20", T0).Outcome);
        Assert.Equal(T0 + AccountStore.LockoutTime, store.LockedUntil("guard", T0));
        Assert.Equal(SignInOutcome.Success, store.SignIn("guard", Password, "203.0.113.7", T0 + AccountStore.LockoutTime).Outcome);
        Assert.Null(store.LockedUntil("guard", T0 + AccountStore.LockoutTime));
    }
}
