using Campus.Host.Tests.Hub;
using static Microsoft.Playwright.Assertions;

namespace Campus.Console.Tests;

/// <summary>The gate desk (a guard's phone), the wall's visitors panel and a teacher's arrival notice, in real browsers.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class GuardViewTests(BrowserFixture browser)
{
    /// <summary>Monday 23 November 2026, 09:00 in Shanghai: a school morning, visiting hours.</summary>
    private const string Morning = "2026-11-23T09:00:00+08:00";

    private const string ClassId = "g7-1"; // the demo teacher's class

    [Fact]
    public async Task An_expected_visit_checked_in_at_the_gate_desk_is_on_the_wall_until_checked_out()
    {
        await using var host = KestrelCampusHost.Start(Morning);
        using var api = new CampusApi(host);
        await using var pages = browser.NewPages();
        var guard = await pages.NewAsync(390, 844);
        await Scenes.OpenAsync(guard, api, $"guard?campus={api.CampusId}&lang=en");
        var now = await api.NowAsync();

        var code = await api.RegisterVisitAsync("Wang Lei", ClassId, now.AddMinutes(10), now.AddHours(1), companions: 1);

        await api.AdvanceByAsync(TimeSpan.Zero); // a barrier: the visit is in the read model
        var hostName = (await api.GetAsync($"visits/{code}")).GetProperty("hostName").GetString()!;
        var item = guard.Locator($"[data-testid=guard-visits] [data-visit-code=\"{code}\"]");
        await Expect(item).ToHaveAttributeAsync("data-status", "expected", new() { Timeout = 10_000 });
        await Expect(item).ToContainTextAsync("Wang Lei");
        await Expect(item).ToContainTextAsync("+1");
        await Expect(item).ToContainTextAsync($"for {hostName}");

        await item.Locator("[data-action=check-in]").ClickAsync();

        await Expect(item).ToHaveAttributeAsync("data-status", "on-campus", new() { Timeout = 10_000 });
        await Expect(guard.Locator("[data-testid=guard-message]")).ToHaveTextAsync("Wang Lei checked in.");
        await api.AdvanceByAsync(TimeSpan.Zero); // a barrier: the check-in is in the read model before the wall opens
        var wall = await pages.NewAsync(1920, 1080);
        await Scenes.OpenAsync(wall, api, $"wall?campus={api.CampusId}&lang=en");
        var visitors = wall.Locator("[data-testid=wall-visitors]");
        await Expect(visitors.Locator("h2")).ToHaveTextAsync("Visitors on campus: 1", new() { Timeout = 10_000 });
        var onWall = visitors.Locator($"[data-visit-code=\"{code}\"]");
        await Expect(onWall).ToContainTextAsync("Wang Lei");
        await Expect(onWall.Locator(".gate-host")).ToHaveTextAsync(hostName);

        await item.Locator("[data-action=check-out]").ClickAsync();

        await Expect(visitors.Locator("h2")).ToHaveTextAsync("Visitors on campus: 0", new() { Timeout = 10_000 });
        await Expect(onWall).ToHaveCountAsync(0);
        await Expect(item).ToHaveAttributeAsync("data-status", "left");
    }

    [Fact]
    public async Task A_walk_in_registered_through_the_form_is_on_campus()
    {
        await using var host = KestrelCampusHost.Start(Morning);
        using var api = new CampusApi(host);
        await using var pages = browser.NewPages();
        var guard = await pages.NewAsync(390, 844);
        await Scenes.OpenAsync(guard, api, $"guard?campus={api.CampusId}&lang=en");
        var form = guard.Locator("[data-testid=walk-in]");

        await form.Locator("[data-field=visitorName]").FillAsync("Zhao Min");
        await form.Locator("[data-field=phone]").FillAsync("+86 138 0000 1234");
        await form.Locator("[data-field=purpose]").FillAsync("Delivering exam papers");
        await form.Locator("[data-field=hostId]").SelectOptionAsync("g7-2");
        await form.Locator("[data-field=companions]").FillAsync("2");
        await form.Locator("[data-field=plate]").FillAsync("浙A·W2046");
        await form.Locator("[data-field=gateId]").SelectOptionAsync("gate-south");
        await form.Locator("[data-action=walk-in]").ClickAsync();

        await Expect(guard.Locator("[data-testid=walk-in-message]")).ToContainTextAsync("Zhao Min registered and checked in", new() { Timeout = 10_000 });
        var item = guard.Locator("[data-testid=guard-visits] [data-visit-code]", new() { HasText = "Zhao Min" });
        await Expect(item).ToHaveAttributeAsync("data-status", "on-campus", new() { Timeout = 10_000 });
        await Expect(item).ToContainTextAsync("+2");
        await Expect(item.Locator(".visit-plate")).ToHaveTextAsync("浙AW2046");
        await Expect(form.Locator("[data-field=visitorName]")).ToHaveValueAsync("");
        var code = (await item.GetAttributeAsync("data-visit-code"))!;
        await api.AdvanceByAsync(TimeSpan.Zero); // a barrier: the page heard the hub, the read model may be a moment behind
        var stored = await api.GetAsync($"visits/{code}");
        Assert.Equal(("on-campus", true, "gate-south"), (stored.GetProperty("status").GetString(), stored.GetProperty("walkIn").GetBoolean(), stored.GetProperty("gateId").GetString()));
    }

    [Fact]
    public async Task A_walk_in_without_a_name_shows_the_fields_message_and_registers_nothing()
    {
        await using var host = KestrelCampusHost.Start(Morning);
        using var api = new CampusApi(host);
        await using var pages = browser.NewPages();
        var guard = await pages.NewAsync(390, 844);
        await Scenes.OpenAsync(guard, api, $"guard?campus={api.CampusId}&lang=en");
        var form = guard.Locator("[data-testid=walk-in]");
        await form.Locator("[data-field=phone]").FillAsync("138 0000 1234");
        await form.Locator("[data-field=purpose]").FillAsync("Repairing the projector");
        await form.Locator("[data-field=hostId]").SelectOptionAsync("g7-2");

        await form.Locator("[data-action=walk-in]").ClickAsync();

        await Expect(form.Locator("[data-error-for=visitorName]")).ToHaveTextAsync("Visitor name is required", new() { Timeout = 10_000 });
        await Expect(form.Locator("[data-field=visitorName]")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(form.Locator("[data-error-for=phone]")).ToBeHiddenAsync();
        await Expect(guard.Locator("[data-testid=walk-in-message]")).ToContainTextAsync("Please correct the marked fields.");
        await Expect(form.Locator("[data-field=purpose]")).ToHaveValueAsync("Repairing the projector"); // nothing typed is lost
        Assert.Empty((await api.GetAsync("visits")).EnumerateArray());

        await guard.Locator("[data-testid=lang-toggle]").ClickAsync();
        await Expect(form.Locator("[data-field=purpose]")).ToHaveValueAsync("Repairing the projector");
        await form.Locator("[data-action=walk-in]").ClickAsync();
        await Expect(form.Locator("[data-error-for=visitorName]")).ToHaveTextAsync("访客姓名：必填");
    }

    [Fact]
    public async Task The_gate_desk_adds_a_plate_and_a_person_to_the_watch_list_never_showing_the_document_number_and_removes_the_plate()
    {
        const string DocumentNumber = "330106198804152617";
        await using var host = KestrelCampusHost.Start(Morning);
        using var api = new CampusApi(host);
        await using var pages = browser.NewPages();
        var guard = await pages.NewAsync(390, 844);
        guard.Dialog += (_, dialog) => dialog.AcceptAsync();
        await Scenes.OpenAsync(guard, api, $"guard?campus={api.CampusId}&lang=en");
        var section = guard.Locator("[data-testid=watch-list]");
        var form = section.Locator("[data-testid=watch-form]");
        await Expect(section.Locator("h2")).ToHaveTextAsync("Watch list");
        await Expect(section.Locator(".watch-list .empty")).ToHaveTextAsync("No one is on the watch list.", new() { Timeout = 10_000 });

        await form.Locator("[data-field=watchKind]").SelectOptionAsync("plate");
        await Expect(form.Locator("[data-field=watchDocument]")).ToBeHiddenAsync();
        await form.Locator("[data-field=watchPlate]").FillAsync("浙A·D1024");
        await form.Locator("[data-field=watchReason]").FillAsync("Followed a pupil home");
        await form.Locator("[data-action=watch-add]").ClickAsync();

        var plate = section.Locator("[data-watch-id]", new() { HasText = "浙AD1024" });
        await Expect(plate).ToContainTextAsync("Followed a pupil home", new() { Timeout = 10_000 });
        await Expect(plate.Locator(".watch-kind")).ToHaveTextAsync("Plate");
        await Expect(plate).ToContainTextAsync("added by ");
        await Expect(form.Locator("[data-field=watchPlate]")).ToHaveValueAsync("");
        await Expect(form.Locator("[data-field=watchReason]")).ToHaveValueAsync("");

        await form.Locator("[data-field=watchKind]").SelectOptionAsync("document");
        await form.Locator("[data-field=watchName]").FillAsync("Qian Jun");
        await form.Locator("[data-field=watchDocument]").FillAsync(DocumentNumber);
        await form.Locator("[data-field=watchReason]").FillAsync("Court order: no contact with pupils");
        await form.Locator("[data-action=watch-add]").ClickAsync();

        var person = section.Locator("[data-watch-id]", new() { HasText = "Qian Jun" });
        await Expect(person.Locator(".watch-label")).ToHaveTextAsync("Qian Jun (…2617)", new() { Timeout = 10_000 });
        await Expect(person.Locator(".watch-kind")).ToHaveTextAsync("ID document");
        await Expect(section.Locator("[data-watch-id]")).ToHaveCountAsync(2);
        await Expect(form.Locator("[data-field=watchDocument]")).ToHaveValueAsync("");
        Assert.DoesNotContain(DocumentNumber, await guard.ContentAsync());

        var plateId = (await plate.GetAttributeAsync("data-watch-id"))!;
        await plate.Locator("[data-action=watch-remove]").ClickAsync(); // confirmed by the dialog handler

        await Expect(section.Locator($"[data-watch-id=\"{plateId}\"]")).ToHaveCountAsync(0, new() { Timeout = 10_000 });
        await Expect(section.Locator("[data-watch-id]")).ToHaveCountAsync(1);
        await Expect(person).ToHaveCountAsync(1);
        await api.AdvanceByAsync(TimeSpan.Zero); // a barrier: the removal is in the read model
        var stored = await api.WatchListAsync();
        Assert.Equal(["Qian Jun (…2617)"], stored.Select(e => e.GetProperty("label").GetString()));
        Assert.Equal("document", stored[0].GetProperty("kind").GetString());
        Assert.DoesNotContain(DocumentNumber, string.Join("\n", stored.Select(e => e.ToString())));
    }

    [Fact]
    public async Task A_watch_list_entry_without_a_reason_shows_the_fields_message_and_adds_nothing()
    {
        await using var host = KestrelCampusHost.Start(Morning);
        using var api = new CampusApi(host);
        await using var pages = browser.NewPages();
        var guard = await pages.NewAsync(390, 844);
        await Scenes.OpenAsync(guard, api, $"guard?campus={api.CampusId}&lang=en");
        var section = guard.Locator("[data-testid=watch-list]");
        var form = section.Locator("[data-testid=watch-form]");
        await Expect(section.Locator(".watch-list .empty")).ToHaveCountAsync(1, new() { Timeout = 10_000 });
        await form.Locator("[data-field=watchKind]").SelectOptionAsync("plate");
        await form.Locator("[data-field=watchPlate]").FillAsync("浙A·D1024");

        await form.Locator("[data-action=watch-add]").ClickAsync();

        await Expect(form.Locator("[data-error-for=watchReason]")).ToHaveTextAsync("Reason is required", new() { Timeout = 10_000 });
        await Expect(form.Locator("[data-field=watchReason]")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(form.Locator("[data-error-for=watchPlate]")).ToBeHiddenAsync();
        await Expect(guard.Locator("[data-testid=watch-form-message]")).ToContainTextAsync("Please correct the marked fields.");
        await Expect(form.Locator("[data-field=watchPlate]")).ToHaveValueAsync("浙A·D1024"); // nothing typed is lost
        await Expect(section.Locator("[data-watch-id]")).ToHaveCountAsync(0);
        await api.AdvanceByAsync(TimeSpan.Zero); // a barrier: anything stored is in the read model
        Assert.Empty(await api.WatchListAsync());
    }

    [Fact]
    public async Task The_guard_approves_one_guardians_request_and_checks_it_in_and_declines_another_with_a_reason()
    {
        await using var host = KestrelCampusHost.Start(Morning);
        using var api = new CampusApi(host);
        var now = await api.NowAsync();
        var approved = await api.RequestVisitAsync("Li Na", now.AddMinutes(30), now.AddHours(2));
        var declined = await api.RequestVisitAsync("Li Qiang", now.AddMinutes(30), now.AddHours(2));
        await api.AdvanceByAsync(TimeSpan.Zero); // a barrier: the requests are in the read model before the page opens
        await using var pages = browser.NewPages();
        var guard = await pages.NewAsync(390, 844);
        guard.Dialog += (_, dialog) => dialog.AcceptAsync("Not a listed guardian");
        await Scenes.OpenAsync(guard, api, $"guard?campus={api.CampusId}&lang=en");
        var yes = guard.Locator($"[data-testid=guard-visits] [data-visit-code=\"{approved}\"]");
        var no = guard.Locator($"[data-testid=guard-visits] [data-visit-code=\"{declined}\"]");
        await Expect(yes).ToHaveAttributeAsync("data-status", "requested", new() { Timeout = 10_000 });
        await Expect(yes.Locator("[data-action=check-in]")).ToHaveCountAsync(0); // a request is decided before anyone checks in

        await yes.Locator("[data-action=approve]").ClickAsync();
        await Expect(yes).ToHaveAttributeAsync("data-status", "expected", new() { Timeout = 10_000 });
        await yes.Locator("[data-action=check-in]").ClickAsync();
        await Expect(yes).ToHaveAttributeAsync("data-status", "on-campus", new() { Timeout = 10_000 });
        await no.Locator("[data-action=decline]").ClickAsync();
        await Expect(no).ToHaveAttributeAsync("data-status", "declined", new() { Timeout = 10_000 });

        await api.AdvanceByAsync(TimeSpan.Zero); // a barrier: the page heard the hub, the read model may be a moment behind
        Assert.Equal("Not a listed guardian", (await api.GetAsync($"visits/{declined}")).GetProperty("note").GetString());
    }

    [Fact]
    public async Task A_teacher_sees_a_notice_when_a_visitor_for_their_class_is_checked_in()
    {
        await using var host = KestrelCampusHost.Start(Morning);
        using var api = new CampusApi(host);
        await using var pages = browser.NewPages();
        var teacher = await pages.NewAsync(390, 844);
        await Scenes.OpenAsync(teacher, api, $"supervisor?campus={api.CampusId}&class={ClassId}&lang=en");
        var now = await api.NowAsync();
        var code = await api.RegisterVisitAsync("Sun Hua", ClassId, now.AddMinutes(5), now.AddHours(1), companions: 2);
        await api.AdvanceByAsync(TimeSpan.Zero); // a barrier: the visit is in the read model
        var hostName = (await api.GetAsync($"visits/{code}")).GetProperty("hostName").GetString()!;
        var notices = teacher.Locator("[data-testid=visitor-arrivals]");
        await Expect(notices.Locator("li")).ToHaveCountAsync(0);

        await api.CheckInVisitAsync(code, "gate-north");

        var notice = notices.Locator($"[data-visit-code=\"{code}\"]");
        await Expect(notice).ToContainTextAsync($"Visitor Sun Hua (+2) has arrived for {hostName}", new() { Timeout = 10_000 });
        await Expect(notice).ToBeVisibleAsync();
        await notice.Locator("[data-action=dismiss]").ClickAsync();
        await Expect(notice).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_plate_read_at_the_vehicle_gate_is_counted_on_the_wall_until_it_leaves()
    {
        await using var host = KestrelCampusHost.Start(Morning);
        using var api = new CampusApi(host);
        await using var pages = browser.NewPages();
        var wall = await pages.NewAsync(1920, 1080);
        await Scenes.OpenAsync(wall, api, $"wall?campus={api.CampusId}&lang=en");
        var vehicles = wall.Locator("[data-testid=wall-vehicles]");
        await Expect(vehicles.Locator("h2")).ToHaveTextAsync("Vehicles on campus: 0", new() { Timeout = 10_000 });

        await api.PlateAsync("gate-east-anpr", "浙B12345", "in");
        await api.PlateAsync("gate-east-anpr", "浙C99999", "in", confidence: 0.4); // an uncertain read moves nothing

        await Expect(vehicles.Locator("h2")).ToHaveTextAsync("Vehicles on campus: 1", new() { Timeout = 10_000 });
        var car = vehicles.Locator("[data-plate=\"浙B12345\"]");
        await Expect(car).ToHaveAttributeAsync("data-category", "unknown");
        await Expect(car).ToContainTextAsync("Unknown");
        await Expect(vehicles.Locator("[data-plate=\"浙C99999\"]")).ToHaveCountAsync(0);

        // A wall opened now reads the same from the API.
        await api.AdvanceByAsync(TimeSpan.Zero);
        var fresh = await pages.NewAsync(1920, 1080);
        await Scenes.OpenAsync(fresh, api, $"wall?campus={api.CampusId}&lang=en");
        await Expect(fresh.Locator("[data-testid=wall-vehicles] h2")).ToHaveTextAsync("Vehicles on campus: 1", new() { Timeout = 10_000 });

        await api.PlateAsync("gate-east-anpr", "浙B·12345", "out");

        await Expect(vehicles.Locator("h2")).ToHaveTextAsync("Vehicles on campus: 0", new() { Timeout = 10_000 });
        await Expect(fresh.Locator("[data-testid=wall-vehicles] h2")).ToHaveTextAsync("Vehicles on campus: 0", new() { Timeout = 10_000 });
    }
}
