using Campus.Actors.Notices;
using Campus.Actors.Reference;
using Campus.Host.Campus;
using Campus.Host.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace Campus.Host.Tests.Notifications;

/// <summary>The messages in zh-CN and en, quiet hours, and which notices are safety notices, on the demo campus.</summary>
public sealed class NoticeTemplateTests : IClassFixture<NoticeTemplateTests.DemoCampus>
{
    /// <summary>The demo campus's manifest, as the host loads it.</summary>
    public sealed class DemoCampus : IDisposable
    {
        private readonly CampusHostFactory _host = new();

        public CampusManifest Manifest => _host.Services.GetRequiredService<CampusDirectory>().Find("hj")!;

        public void Dispose() => _host.Dispose();
    }

    private readonly CampusManifest _campus;

    public NoticeTemplateTests(DemoCampus demo) => _campus = demo.Manifest;

    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    private static GuardianNotice Notice(NoticeKind kind, DateTimeOffset at, string location) =>
        new("S1:x:1", "hj", "S1", "Li Wei", kind, at, location, ["G1"]);

    [Fact]
    public void Messages_name_the_student_the_place_and_the_campus_time()
    {
        var utc = new DateTimeOffset(2026, 11, 24, 23, 31, 0, TimeSpan.Zero); // 07:31 in Shanghai
        var dorm = _campus.Dorms[0];

        Assert.Equal("Li Wei arrived at North Gate at 07:31.", NoticeTemplates.Render(Notice(NoticeKind.Arrival, utc, "gate-north"), _campus, "en"));
        Assert.Equal("Li Wei于07:31到达North Gate。", NoticeTemplates.Render(Notice(NoticeKind.Arrival, utc, "gate-north"), _campus, "zh-CN"));
        Assert.Equal("Li Wei left through North Gate at 07:31.", NoticeTemplates.Render(Notice(NoticeKind.Departure, utc, "gate-north"), _campus, "en"));
        Assert.Equal("Li Wei于07:31离开North Gate。", NoticeTemplates.Render(Notice(NoticeKind.Departure, utc, "gate-north"), _campus, "zh-CN"));
        Assert.Equal($"Li Wei checked in at {dorm.Name} at 07:31.", NoticeTemplates.Render(Notice(NoticeKind.DormCheckIn, utc, dorm.Id), _campus, "en"));
        Assert.Equal($"Li Wei于07:31在{dorm.Name}签到。", NoticeTemplates.Render(Notice(NoticeKind.DormCheckIn, utc, "dorm:" + dorm.Id), _campus, "zh-CN"));
    }

    [Fact]
    public void Overnight_quiet_hours_hold_a_notice_until_the_next_morning()
    {
        var guardian = new GuardianInfo("G1", "Li Na", "+86", QuietFrom: new TimeOnly(22, 0), QuietTo: new TimeOnly(7, 0));
        DateTimeOffset Local(int day, int hour, int minute) => new(2026, 11, day, hour, minute, 0, Shanghai);

        Assert.Equal(Local(25, 7, 0), NoticeTemplates.DeliverAfter(Notice(NoticeKind.DormCheckIn, Local(24, 22, 15), "dorm-pine"), guardian, _campus));
        Assert.Equal(Local(25, 7, 0), NoticeTemplates.DeliverAfter(Notice(NoticeKind.Departure, Local(25, 5, 40), "gate-north"), guardian, _campus));
        Assert.Equal(Local(24, 21, 59), NoticeTemplates.DeliverAfter(Notice(NoticeKind.DormCheckIn, Local(24, 21, 59), "dorm-pine"), guardian, _campus));
        Assert.Equal(Local(25, 7, 0), NoticeTemplates.DeliverAfter(Notice(NoticeKind.Arrival, Local(25, 7, 0), "gate-north"), guardian, _campus));
        // No quiet hours: at once.
        Assert.Equal(Local(24, 23, 0), NoticeTemplates.DeliverAfter(Notice(NoticeKind.DormCheckIn, Local(24, 23, 0), "dorm-pine"), guardian with { QuietFrom = null, QuietTo = null }, _campus));
    }

    [Fact]
    public void No_notice_of_today_is_a_safety_notice_and_an_unknown_kind_is()
    {
        Assert.False(NoticeTemplates.IsSafety(NoticeKind.Arrival));
        Assert.False(NoticeTemplates.IsSafety(NoticeKind.Departure));
        Assert.False(NoticeTemplates.IsSafety(NoticeKind.DormCheckIn));
        Assert.True(NoticeTemplates.IsSafety((NoticeKind)99));
    }
}
