using System.Net;
using System.Net.Http.Json;
using static Campus.Host.Tests.CampusHostFactory;

namespace Campus.Host.Tests;

/// <summary>The simulated clock's endpoint and the OpenAPI document.</summary>
public sealed class SimulationApiTests
{
    private static readonly DateTimeOffset SevenInTheMorning = new(2026, 11, 25, 7, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task Advancing_the_clock_moves_it_by_the_given_duration()
    {
        await using var host = new CampusHostFactory(start: SevenInTheMorning);

        await host.AdvanceAsync(TimeSpan.FromMinutes(15));

        Assert.Equal(SevenInTheMorning.AddMinutes(15), await host.NowAsync());
    }

    [Fact]
    public async Task Advancing_past_the_arrival_deadline_raises_abnormal_absence_for_a_day_student_who_did_not_come()
    {
        await using var host = new CampusHostFactory(start: SevenInTheMorning);
        Assert.Empty(await host.AlertsAsync("kind=abnormal-absence"));

        await host.AdvanceAsync(TimeSpan.FromHours(1));

        var alerts = await host.AlertsWhenAsync("kind=abnormal-absence", a => a.Any(x => (string?)x!["subject"]!["id"] == host.DayStudent), "the day student's absence");
        var alert = alerts.Single(x => (string?)x!["subject"]!["id"] == host.DayStudent)!;
        Assert.Equal($"class:{host.DayStudentClass}", (string?)alert["scope"]);
    }

    [Fact]
    public async Task A_day_student_who_arrived_before_the_deadline_is_not_absent()
    {
        await using var host = new CampusHostFactory(start: SevenInTheMorning);
        await host.PostEventsAsync("gate-north-reader", Access("gate-north-reader", host.DayStudent, SevenInTheMorning));

        await host.AdvanceAsync(TimeSpan.FromHours(1));

        var alerts = await host.AlertsWhenAsync("kind=abnormal-absence", a => a.Count > 0, "the absences");
        Assert.DoesNotContain(alerts, x => (string?)x!["subject"]!["id"] == host.DayStudent);
    }

    [Fact]
    public async Task Advancing_to_a_time_in_the_past_is_refused_naming_advanceTo()
    {
        await using var host = new CampusHostFactory(start: SevenInTheMorning);
        using var client = host.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/sim/clock", new { advanceTo = SevenInTheMorning.AddHours(-1) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["advanceTo"], await ProblemFieldsAsync(response));
        Assert.Equal(SevenInTheMorning, await host.NowAsync());
    }

    [Fact]
    public async Task Issue13_advancing_by_a_duration_out_of_range_is_refused_naming_advanceBy()
    {
        await using var host = new CampusHostFactory(start: SevenInTheMorning);
        using var client = host.CreateClient();

        // TimeSpan.MaxValue (now + it is past the end of the calendar), TimeSpan.MinValue, a day more than the longest move.
        foreach (var advanceBy in new[] { TimeSpan.MaxValue, TimeSpan.MinValue, TimeSpan.FromDays(367) })
        {
            var response = await client.PostAsJsonAsync("/api/v1/sim/clock", new { advanceBy = advanceBy.ToString("c") });

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(["advanceBy"], await ProblemFieldsAsync(response));
        }
        Assert.Equal(SevenInTheMorning, await host.NowAsync());
    }

    [Fact]
    public async Task With_the_real_clock_the_simulation_endpoint_does_not_exist()
    {
        await using var host = new CampusHostFactory(settings: ("Campus:Clock", "real"));
        using var client = host.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/sim/clock", new { advanceBy = "00:15:00" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_events_endpoint()
    {
        await using var host = new CampusHostFactory();
        using var client = host.CreateClient();

        var response = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"/api/v1/events\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
