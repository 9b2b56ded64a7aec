using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Campus.Host.Auth;
using static Campus.Host.Tests.CampusHostFactory;

namespace Campus.Host.Tests;

/// <summary>
/// Sign-in and scope: every role against every endpoint (allowed and refused), anonymous requests,
/// anti-forgery, lockout, password rules, the audit trail and device key rotation.
/// </summary>
public sealed class AuthTests : IAsyncLifetime
{
    private const string Gate = "gate-north-reader";
    private static readonly string[] RolesInOrder = ["admin", "security", "supervisor", "teacher", "guardian"];
    private CampusHostFactory _host = null!;

    public Task InitializeAsync()
    {
        _host = new CampusHostFactory();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>One endpoint and what each role gets: admin, security, supervisor (dorm-pine), teacher (g7-1), guardian (the boarding sample student).</summary>
    private sealed record Row(string Method, string Path, object? Body, int Admin, int Security, int Supervisor, int Teacher, int Guardian)
    {
        public int For(string role) => role switch
        {
            "admin" => Admin,
            "security" => Security,
            "supervisor" => Supervisor,
            "teacher" => Teacher,
            _ => Guardian,
        };

        public override string ToString() => $"{Method} {Path}";
    }

    /// <summary>A student in neither dorm-pine nor g7-1 (nobody's but admin's and security's).</summary>
    private async Task<string> OtherStudentAsync()
    {
        using var admin = _host.CreateClient();
        foreach (var dorm in new[] { "dorm-cedar", "dorm-orchid", "dorm-plum" })
        {
            foreach (var entry in (await admin.GetFromJsonAsync<JsonArray>($"/api/v1/campuses/hj/rollcall?dorm={dorm}"))!)
            {
                var id = (string)entry!["studentId"]!;
                var student = (await admin.GetFromJsonAsync<JsonObject>($"/api/v1/campuses/hj/students/{id}"))!;
                if ((string?)student["classId"] != "g7-1") return id;
            }
        }
        throw new InvalidOperationException("no student outside dorm-pine and g7-1");
    }

    private async Task<List<Row>> MatrixAsync()
    {
        var own = _host.BoardingStudent; // in dorm-pine and g7-1, the demo guardian's child
        var other = await OtherStudentAsync();
        var from = SchoolMorning.AddDays(1);
        object Leave(string student) => new { studentId = student, from, to = from.AddHours(2), reason = "dentist" };
        const int ok = 200, accepted = 202, created = 201, forbidden = 403, missing = 404;
        return
        [
            new("GET", "/api/v1/campuses", null, ok, ok, ok, ok, ok),
            new("GET", "/api/v1/campuses/hj", null, ok, ok, ok, ok, ok),
            new("GET", "/api/v1/campuses/hj/alerts", null, ok, ok, ok, ok, forbidden),
            new("GET", "/api/v1/campuses/hj/alerts/no-such-alert", null, missing, missing, missing, missing, forbidden),
            new("GET", "/api/v1/campuses/hj/presence", null, ok, ok, forbidden, forbidden, forbidden),
            new("GET", "/api/v1/campuses/hj/devices", null, ok, ok, forbidden, forbidden, forbidden),
            new("GET", $"/api/v1/campuses/hj/students/{own}", null, ok, ok, ok, ok, ok),
            new("GET", $"/api/v1/campuses/hj/students/{other}", null, ok, ok, missing, missing, missing),
            new("GET", $"/api/v1/campuses/hj/students/{own}/timeline", null, ok, ok, ok, ok, ok),
            new("GET", $"/api/v1/campuses/hj/students/{other}/timeline", null, ok, ok, missing, missing, missing),
            new("GET", "/api/v1/campuses/hj/rollcall?dorm=dorm-pine", null, ok, ok, ok, forbidden, forbidden),
            new("GET", "/api/v1/campuses/hj/rollcall?dorm=dorm-cedar", null, ok, ok, forbidden, forbidden, forbidden),
            new("GET", "/api/v1/campuses/hj/rollcall?class=g7-1", null, ok, ok, forbidden, ok, forbidden),
            new("GET", "/api/v1/sim/clock", null, ok, ok, ok, ok, ok),
            new("POST", "/api/v1/sim/clock", new { advanceBy = "00:00:00" }, ok, ok, forbidden, forbidden, forbidden),
            new("POST", "/api/v1/campuses/hj/leaves", Leave(own), accepted, accepted, accepted, accepted, forbidden),
            new("POST", "/api/v1/campuses/hj/leaves", Leave(other), accepted, accepted, forbidden, forbidden, forbidden),
            new("POST", "/api/v1/campuses/hj/alerts/no-such-alert/acknowledge", new { note = "x" }, missing, missing, missing, missing, forbidden),
            new("POST", "/api/v1/campuses/hj/alerts/no-such-alert/resolve", new { outcome = "other", note = "x" }, missing, missing, missing, missing, forbidden),
            new("GET", "/api/v1/audit", null, ok, forbidden, forbidden, forbidden, forbidden),
            new("GET", "/api/v1/accounts", null, ok, forbidden, forbidden, forbidden, forbidden),
            new("POST", $"/api/v1/campuses/hj/devices/{Gate}/keys", null, created, forbidden, forbidden, forbidden, forbidden),
            new("DELETE", $"/api/v1/campuses/hj/devices/{Gate}/keys?keep=not-a-key", null, 400, forbidden, forbidden, forbidden, forbidden),
            new("GET", "/api/v1/auth/me", null, ok, ok, ok, ok, ok),
        ];
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Row row)
    {
        using var request = new HttpRequestMessage(new HttpMethod(row.Method), row.Path);
        if (row.Body is not null) request.Content = JsonContent.Create(row.Body);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Every_role_gets_what_its_scope_allows_from_every_endpoint_and_nothing_else()
    {
        var mismatches = new List<string>();
        foreach (var row in await MatrixAsync())
        {
            foreach (var role in RolesInOrder)
            {
                using var client = _host.ClientAs(role);
                using var response = await SendAsync(client, row);
                if ((int)response.StatusCode != row.For(role)) mismatches.Add($"{role} {row}: {(int)response.StatusCode}, expected {row.For(role)}");
            }
        }
        Assert.Empty(mismatches);
    }

    [Fact]
    public async Task An_anonymous_request_to_any_operator_endpoint_or_the_hub_gets_401()
    {
        var mismatches = new List<string>();
        using var anonymous = _host.AnonymousClient();
        var rows = (await MatrixAsync()).Append(new Row("POST", "/hubs/campus/negotiate?negotiateVersion=1", null, 0, 0, 0, 0, 0));
        foreach (var row in rows)
        {
            using var response = await SendAsync(anonymous, row);
            if (response.StatusCode != HttpStatusCode.Unauthorized) mismatches.Add($"{row}: {(int)response.StatusCode}");
        }
        Assert.Empty(mismatches);
        // Devices still post with their key alone.
        Assert.Equal(HttpStatusCode.Accepted, (await _host.PostEventsAsync(Gate, Access(Gate, _host.DayStudent, SchoolMorning))).StatusCode);
    }

    [Fact]
    public async Task A_guardian_sees_only_their_own_child_and_the_supervisor_only_alerts_of_their_dorm()
    {
        using var guardian = _host.ClientAs("guardian");
        var me = (await guardian.GetFromJsonAsync<JsonObject>("/api/v1/auth/me"))!;
        Assert.Equal("guardian", (string?)me["role"]);
        Assert.Equal([_host.BoardingStudent], me["children"]!.AsArray().Select(c => (string)c!));
        Assert.False(string.IsNullOrEmpty((string?)me["guardianId"]));

        // An intruder at a gate is campus-wide: security sees it, the supervisor and teacher do not.
        Assert.Equal(HttpStatusCode.Accepted, (await _host.PostEventsAsync(Gate, Access(Gate, null, SchoolMorning))).StatusCode);
        var alert = Assert.Single(await _host.AlertsWhenAsync("kind=intruder", a => a.Count > 0, "the intruder alert"))!;
        using var supervisor = _host.ClientAs("supervisor");
        Assert.Empty((await supervisor.GetFromJsonAsync<JsonArray>("/api/v1/campuses/hj/alerts?status=all"))!);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync($"/api/v1/campuses/hj/alerts/{alert["alertId"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await supervisor.PostAsJsonAsync($"/api/v1/campuses/hj/alerts/{alert["alertId"]}/acknowledge", new { note = "not mine" })).StatusCode);
    }

    [Fact]
    public async Task A_supervisor_sees_and_acknowledges_the_curfew_alerts_of_their_dorm_only()
    {
        // No boarder has checked in: at 21:31 every dorm with a 21:30 curfew raises curfew-missing alerts.
        await _host.AdvanceAsync(new DateTimeOffset(2026, 11, 25, 21, 31, 0, TimeSpan.FromHours(8)) - await _host.NowAsync());
        var all = await _host.AlertsWhenAsync("kind=curfew-missing", a => a.Count > 0, "curfew alerts");
        using var supervisor = _host.ClientAs("supervisor");
        using var teacher = _host.ClientAs("teacher");

        var mine = (await supervisor.GetFromJsonAsync<JsonArray>("/api/v1/campuses/hj/alerts?kind=curfew-missing"))!;
        Assert.NotEmpty(mine);
        Assert.All(mine, a => Assert.Equal("dorm:dorm-pine", (string?)a!["scope"]));
        Assert.Equal(all.Count(a => (string?)a!["scope"] == "dorm:dorm-pine"), mine.Count);
        Assert.Empty((await teacher.GetFromJsonAsync<JsonArray>("/api/v1/campuses/hj/alerts?kind=curfew-missing"))!);

        var own = (string)mine[0]!["alertId"]!;
        var other = all.First(a => (string?)a!["scope"] != "dorm:dorm-pine")!["alertId"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Accepted, (await supervisor.PostAsJsonAsync($"/api/v1/campuses/hj/alerts/{own}/acknowledge", new { note = "calling" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.PostAsJsonAsync($"/api/v1/campuses/hj/alerts/{other}/acknowledge", new { note = "not mine" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await teacher.PostAsJsonAsync($"/api/v1/campuses/hj/alerts/{own}/acknowledge", new { note = "not mine" })).StatusCode);
    }

    [Fact]
    public async Task A_post_with_the_session_cookie_but_without_the_antiforgery_token_is_refused()
    {
        var session = await _host.SessionAsync("security");
        using var client = _host.AnonymousClient();
        client.DefaultRequestHeaders.Add("Cookie", session.Cookies);

        var response = await client.PostAsJsonAsync("/api/v1/sim/clock", new { advanceBy = "00:00:00" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        client.DefaultRequestHeaders.Add("X-CSRF-TOKEN", session.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/sim/clock", new { advanceBy = "00:00:00" })).StatusCode);
    }

    [Fact]
    public async Task Five_failed_sign_ins_lock_the_account_for_15_minutes_of_the_hosts_clock()
    {
        var teacher = _host.Account("teacher");
        var userName = (string)teacher["userName"]!;
        var password = (string)teacher["password"]!;
        using var client = _host.AnonymousClient();
        async Task<HttpStatusCode> SignInAsync(string pw) =>
            (await client.PostAsJsonAsync("/api/v1/auth/signin", new { userName, password = pw })).StatusCode;

        for (var i = 1; i < AccountStore.MaxFailures; i++) Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync("wrong password " + i));
        Assert.Equal(HttpStatusCode.Locked, await SignInAsync("wrong password 5"));
        Assert.Equal(HttpStatusCode.Locked, await SignInAsync(password));

        await _host.AdvanceAsync(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.Locked, await SignInAsync(password));
        await _host.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, await SignInAsync(password));
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync("wrong again"));
        Assert.Equal(HttpStatusCode.OK, await SignInAsync(password)); // a success resets the count
    }

    [Fact]
    public async Task Password_guessing_across_accounts_from_one_address_gets_429_with_retry_after_and_guardian_links_still_work()
    {
        await using var host = new CampusHostFactory(settings: ("Campus:SignInAttemptsPerMinute", "3"));
        using var client = host.AnonymousClient();
        string[] users = ["admin", "security", "supervisor", "teacher"];
        var answers = new List<HttpResponseMessage>();
        foreach (var role in users)
            answers.Add(await client.PostAsJsonAsync("/api/v1/auth/signin", new { userName = (string)host.Account(role)["userName"]!, password = "Spring2026 guess" }));

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests],
            answers.Select(a => a.StatusCode));
        var refused = answers[^1];
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After in seconds");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        // Guardian access codes are 128-bit random: not limited, so a family behind the same address still gets in.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/auth/guardian", new { code = (string)host.Account("guardian")["code"]! })).StatusCode);
    }

    [Theory]
    [InlineData("Short1!", false)]
    [InlineData("alllowercaseletters", false)]
    [InlineData("123456789012345", false)]
    [InlineData("correct horse battery", true)]
    [InlineData("Correcthorsebattery", true)]
    public void Passwords_need_12_characters_of_at_least_two_kinds(string password, bool good)
    {
        Assert.Equal(good, PasswordRules.Check(password) is null);
        var accounts = AccountStore.InMemory();
        if (good) accounts.SetOperator("someone", Roles.Security, "hj", password);
        else Assert.Throws<ArgumentException>(() => accounts.SetOperator("someone", Roles.Security, "hj", password));
    }

    [Fact]
    public void The_first_admin_comes_from_the_command_with_a_good_password_and_is_stored_hashed()
    {
        var folder = Directory.CreateTempSubdirectory("campus-create-admin-").FullName;
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();
            string[] args = [CreateAdminCommand.Name, "principal", $"--Campus:DataFolder={folder}"];
            Assert.Equal(1, CreateAdminCommand.Run(args, new StringReader("short\n"), output, error));
            Assert.False(File.Exists(Path.Combine(folder, "accounts.json")));

            Assert.Equal(0, CreateAdminCommand.Run(args, new StringReader("Principal of 2026\n"), output, error));
            var stored = File.ReadAllText(Path.Combine(folder, "accounts.json"));
            Assert.DoesNotContain("Principal of 2026", stored, StringComparison.Ordinal);
            var accounts = AccountStore.Load(Path.Combine(folder, "accounts.json"));
            Assert.Equal(Roles.Admin, accounts.Find("principal")!.Role);
            Assert.Equal(SignInOutcome.Success, accounts.SignIn("principal", "Principal of 2026", null, SchoolMorning).Outcome);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_audit_lists_an_acknowledgement_with_who_and_when()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await _host.PostEventsAsync(Gate, Access(Gate, null, SchoolMorning))).StatusCode);
        var alertId = (string)Assert.Single(await _host.AlertsWhenAsync("kind=intruder", a => a.Count > 0, "the intruder alert"))!["alertId"]!;
        using var security = _host.ClientAs("security");
        var now = await _host.NowAsync();

        Assert.Equal(HttpStatusCode.Accepted, (await security.PostAsJsonAsync($"/api/v1/campuses/hj/alerts/{alertId}/acknowledge", new { note = "on my way" })).StatusCode);

        using var admin = _host.CreateClient();
        var entries = (await admin.GetFromJsonAsync<JsonArray>($"/api/v1/audit?from={Uri.EscapeDataString(now.ToString("O"))}"))!;
        var entry = Assert.Single(entries, e => (string?)e!["action"] == "acknowledge")!;
        Assert.Equal((string)_host.Account("security")["userName"]!, (string?)entry["who"]);
        Assert.Equal("security", (string?)entry["role"]);
        Assert.Equal("alert:" + alertId, (string?)entry["target"]);
        Assert.Equal(now, entry["at"]!.GetValue<DateTimeOffset>());
        Assert.Contains(entries, e => (string?)e!["action"] == "sign-in" && (string?)e["outcome"] == "success");
        Assert.True(File.Exists(Path.Combine(_host.Folder, "audit.jsonl")));
    }

    [Fact]
    public async Task An_admin_creates_and_removes_an_account_and_its_session_ends_with_it()
    {
        using var admin = _host.CreateClient();
        var weak = await admin.PostAsJsonAsync("/api/v1/accounts", new { userName = "guard-li", role = "security", campusId = "hj", password = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Equal(["password"], await ProblemFieldsAsync(weak));

        var created = await admin.PostAsJsonAsync("/api/v1/accounts", new { userName = "guard-li", role = "security", campusId = "hj", password = "Night shift 2026" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var guard = _host.AnonymousClient();
        var signIn = await guard.PostAsJsonAsync("/api/v1/auth/signin", new { userName = "guard-li", password = "Night shift 2026" });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        guard.DefaultRequestHeaders.Add("Cookie", CookiesOf(signIn));
        Assert.Equal(HttpStatusCode.OK, (await guard.GetAsync("/api/v1/campuses/hj/presence")).StatusCode);
        Assert.DoesNotContain("Night shift", await (await admin.GetAsync("/api/v1/accounts")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/accounts/guard-li")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await guard.GetAsync("/api/v1/campuses/hj/presence")).StatusCode);
        var audit = (await admin.GetFromJsonAsync<JsonArray>("/api/v1/audit"))!;
        Assert.Contains(audit, e => (string?)e!["action"] == "account-create" && (string?)e["target"] == "guard-li");
        Assert.Contains(audit, e => (string?)e!["action"] == "account-delete" && (string?)e["target"] == "guard-li");
    }

    [Fact]
    public async Task A_rotated_key_works_beside_the_old_one_until_the_old_one_is_revoked()
    {
        var oldKey = _host.KeyOf(Gate);
        using var admin = _host.CreateClient();
        var issued = await admin.PostAsync($"/api/v1/campuses/hj/devices/{Gate}/keys", null);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var newKey = (string)(await issued.Content.ReadFromJsonAsync<JsonObject>())!["key"]!;

        Assert.Equal(HttpStatusCode.Accepted, (await PostWithKeyAsync(newKey)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await PostWithKeyAsync(oldKey)).StatusCode);

        var revoked = await admin.DeleteAsync($"/api/v1/campuses/hj/devices/{Gate}/keys?keep={Uri.EscapeDataString(newKey)}");
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostWithKeyAsync(oldKey)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await PostWithKeyAsync(newKey)).StatusCode);
        var audit = (await admin.GetFromJsonAsync<JsonArray>("/api/v1/audit"))!;
        Assert.Contains(audit, e => (string?)e!["action"] == "device-key-issue");
        Assert.Contains(audit, e => (string?)e!["action"] == "device-key-revoke");
    }

    [Fact]
    public async Task Issue13_changing_a_supervisors_dorms_ends_their_sessions()
    {
        Assert.Equal(HttpStatusCode.Created, (await PostAccountAsync(new { userName = "sup-zhao", role = "supervisor", campusId = "hj", password = "Night shift 2026", dorms = new[] { "dorm-pine" } })).StatusCode);
        using var supervisor = await SignedInAsync("sup-zhao", "Night shift 2026");
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/api/v1/campuses/hj/rollcall?dorm=dorm-pine")).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await PostAccountAsync(new { userName = "sup-zhao", role = "supervisor", campusId = "hj", password = "Night shift 2026", dorms = new[] { "dorm-cedar" } })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await supervisor.GetAsync("/api/v1/campuses/hj/rollcall?dorm=dorm-pine")).StatusCode);
        using var again = await SignedInAsync("sup-zhao", "Night shift 2026");
        Assert.Equal(HttpStatusCode.Forbidden, (await again.GetAsync("/api/v1/campuses/hj/rollcall?dorm=dorm-pine")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/v1/campuses/hj/rollcall?dorm=dorm-cedar")).StatusCode);
    }

    [Fact]
    public async Task Issue13_changing_a_password_ends_the_accounts_sessions()
    {
        Assert.Equal(HttpStatusCode.Created, (await PostAccountAsync(new { userName = "guard-wu", role = "security", campusId = "hj", password = "Night shift 2026" })).StatusCode);
        using var guard = await SignedInAsync("guard-wu", "Night shift 2026");
        Assert.Equal(HttpStatusCode.OK, (await guard.GetAsync("/api/v1/auth/me")).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await PostAccountAsync(new { userName = "guard-wu", role = "security", campusId = "hj", password = "Day shift 2027" })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await guard.GetAsync("/api/v1/auth/me")).StatusCode);
        using var again = await SignedInAsync("guard-wu", "Day shift 2027");
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Issue13_removing_a_guardians_child_ends_their_sessions()
    {
        var own = _host.BoardingStudent;
        var other = _host.DayStudent;
        var created = await PostAccountAsync(new { userName = "parent-two", role = "guardian", campusId = "hj", guardianId = "G-two", children = new[] { own, other } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var parent = await GuardianSignedInAsync((string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["code"]!);
        Assert.Equal(HttpStatusCode.OK, (await parent.GetAsync($"/api/v1/campuses/hj/students/{other}")).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await PostAccountAsync(new { userName = "parent-two", role = "guardian", campusId = "hj", guardianId = "G-two", children = new[] { own } })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await parent.GetAsync($"/api/v1/campuses/hj/students/{other}")).StatusCode);
    }

    [Fact]
    public async Task Issue13_a_deleted_and_re_created_account_does_not_revive_its_old_sessions()
    {
        object account = new { userName = "guard-li", role = "security", campusId = "hj", password = "Night shift 2026" };
        Assert.Equal(HttpStatusCode.Created, (await PostAccountAsync(account)).StatusCode);
        using var guard = await SignedInAsync("guard-li", "Night shift 2026");
        using (var admin = _host.CreateClient()) Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/v1/accounts/guard-li")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await guard.GetAsync("/api/v1/auth/me")).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await PostAccountAsync(account)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await guard.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Issue13_a_session_cookie_copied_before_sign_out_is_refused_after_it()
    {
        var session = await _host.SignInAsync("security");
        using var copy = _host.AnonymousClient();
        copy.DefaultRequestHeaders.Add("Cookie", session.Cookies);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/api/v1/auth/me")).StatusCode);

        using (var owner = _host.AnonymousClient())
        {
            owner.DefaultRequestHeaders.Add("Cookie", session.Cookies);
            owner.DefaultRequestHeaders.Add("X-CSRF-TOKEN", session.Token);
            Assert.Equal(HttpStatusCode.NoContent, (await owner.PostAsync("/api/v1/auth/signout", null)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await copy.GetAsync("/api/v1/auth/me")).StatusCode);
        using var other = _host.ClientAs("security"); // another session of the same account goes on
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Issue13_an_unknown_user_name_is_answered_like_an_existing_one_up_to_and_through_the_lockout()
    {
        using var client = ClientFrom("203.0.113.7");
        async Task<List<string>> FailFiveTimesAsync(string userName)
        {
            var answers = new List<string>();
            for (var i = 0; i <= AccountStore.MaxFailures; i++)
            {
                using var response = await client.PostAsJsonAsync("/api/v1/auth/signin", new { userName, password = "Spring2026 guess " + i });
                var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
                answers.Add($"{(int)response.StatusCode} {problem!["title"]}");
            }
            return answers;
        }

        var existing = await FailFiveTimesAsync((string)_host.Account("teacher")["userName"]!);
        var unknown = await FailFiveTimesAsync("no-such-teacher");

        Assert.Equal([.. Enumerable.Repeat("401 Not signed in", AccountStore.MaxFailures - 1), "423 Account locked", "423 Account locked"], existing);
        Assert.Equal(existing, unknown);
    }

    [Fact]
    public async Task Issue13_failed_sign_ins_from_one_address_do_not_lock_the_account_for_another()
    {
        var security = _host.Account("security");
        var userName = (string)security["userName"]!;
        using var attacker = ClientFrom("203.0.113.7");
        for (var i = 1; i < AccountStore.MaxFailures; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.PostAsJsonAsync("/api/v1/auth/signin", new { userName, password = "Spring2026 guess " + i })).StatusCode);
        Assert.Equal(HttpStatusCode.Locked, (await attacker.PostAsJsonAsync("/api/v1/auth/signin", new { userName, password = "Spring2026 guess 5" })).StatusCode);
        Assert.Equal(HttpStatusCode.Locked, (await attacker.PostAsJsonAsync("/api/v1/auth/signin", new { userName, password = (string)security["password"]! })).StatusCode);

        using var owner = ClientFrom("198.51.100.20");
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync("/api/v1/auth/signin", new { userName, password = (string)security["password"]! })).StatusCode);
    }

    /// <summary>A client with no session whose requests come from <paramref name="address"/>.</summary>
    private HttpClient ClientFrom(string address) =>
        new(_host.Server.CreateHandler(context => context.Connection.RemoteIpAddress = IPAddress.Parse(address))) { BaseAddress = _host.Server.BaseAddress };

    private async Task<HttpResponseMessage> PostAccountAsync(object body)
    {
        using var admin = _host.CreateClient();
        return await admin.PostAsJsonAsync("/api/v1/accounts", body);
    }

    /// <summary>A client signed in with a password (a session of its own).</summary>
    private async Task<HttpClient> SignedInAsync(string userName, string password)
    {
        var client = _host.AnonymousClient();
        using var signIn = await client.PostAsJsonAsync("/api/v1/auth/signin", new { userName, password });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        client.DefaultRequestHeaders.Add("Cookie", CookiesOf(signIn));
        return client;
    }

    private async Task<HttpClient> GuardianSignedInAsync(string code)
    {
        var client = _host.AnonymousClient();
        using var signIn = await client.PostAsJsonAsync("/api/v1/auth/guardian", new { code });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        client.DefaultRequestHeaders.Add("Cookie", CookiesOf(signIn));
        return client;
    }

    private async Task<HttpResponseMessage> PostWithKeyAsync(string key)
    {
        using var client = _host.AnonymousClient();
        client.DefaultRequestHeaders.Add("X-Device-Key", key);
        return await client.PostAsJsonAsync("/api/v1/events", Access(Gate, _host.DayStudent, SchoolMorning));
    }
}
