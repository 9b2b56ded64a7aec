using Campus.Actors.Students;
using Campus.TestKit;

namespace Campus.Actors.Tests.Domain;

/// <summary>A roll call knows the time: "missing" while the students are due there, else where they are.</summary>
public sealed class RollCallTests
{
    private static readonly DateOnly Monday = TestCampus.Monday;

    [Theory]
    [InlineData(21, 29, false)] // before Plum House's 21:30 curfew
    [InlineData(21, 30, true)]
    [InlineData(23, 59, true)]
    public void Issue12_a_dorm_is_due_from_its_curfew_on_a_school_night(int hour, int minute, bool due) =>
        Assert.Equal(due, RollCall.DormDue(TestCampus.Rules(), TestCampus.DormA, TestCampus.Local(Monday, hour, minute)));

    [Fact]
    public void Issue12_a_dorm_is_due_until_wake_up_and_not_in_the_day_nor_on_a_night_without_a_curfew_check()
    {
        var rules = TestCampus.Rules();

        Assert.True(RollCall.DormDue(rules, TestCampus.DormA, TestCampus.Local(Monday.AddDays(1), 5, 59)));
        Assert.False(RollCall.DormDue(rules, TestCampus.DormA, TestCampus.Local(Monday.AddDays(1), 6, 0)));
        Assert.False(RollCall.DormDue(rules, TestCampus.DormA, TestCampus.Local(Monday, 10, 0)));
        // Thursday 26 November: Friday is a holiday, so that night has no curfew check.
        Assert.False(RollCall.DormDue(rules, TestCampus.DormA, TestCampus.Local(Monday.AddDays(3), 22, 0)));
    }

    [Theory]
    [InlineData(8, 0, true)] // period 1 08:00-08:45
    [InlineData(8, 50, false)] // the break before period 2
    [InlineData(12, 0, false)] // lunch
    [InlineData(20, 0, false)]
    public void Issue12_a_class_is_due_during_a_period_of_a_school_day(int hour, int minute, bool due) =>
        Assert.Equal(due, RollCall.ClassDue(TestCampus.Rules(), TestCampus.Local(Monday, hour, minute)));

    [Fact]
    public void Issue12_a_class_is_not_due_on_a_holiday() =>
        Assert.False(RollCall.ClassDue(TestCampus.Rules(), TestCampus.Local(TestCampus.Holiday, 8, 10)));

    [Theory]
    [InlineData("dorm:dorm-a", false, true, "in")]
    [InlineData("dorm:dorm-a", false, false, "in")]
    [InlineData("classroom:c7-1", true, true, "on-leave")]
    [InlineData("classroom:c7-1", false, true, "missing")]
    [InlineData(null, false, true, "missing")]
    [InlineData("classroom:c7-1", false, false, "in-class")]
    [InlineData("dorm:dorm-b", false, false, "in-dorm")]
    [InlineData("on-campus", false, false, "on-campus")]
    [InlineData("off-campus", false, false, "off-campus")]
    [InlineData(null, false, false, "off-campus")]
    public void Issue12_a_student_not_in_the_dorm_is_missing_only_while_due_there(string? location, bool onLeave, bool due, string status) =>
        Assert.Equal(status, RollCall.Status("dorm:dorm-a", location, onLeave, due));

    [Fact]
    public void Missing_students_come_first_and_students_who_are_in_last()
    {
        string[] statuses = ["in", "in-class", "off-campus", "missing", "on-campus", "on-leave", "in-dorm"];

        Assert.Equal(["missing", "on-leave", "off-campus", "on-campus", "in-dorm", "in-class", "in"], statuses.OrderBy(RollCall.Rank));
    }
}
