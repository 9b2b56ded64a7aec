using Campus.Actors.Alerts;

namespace Campus.Actors.Tests.Domain;

/// <summary>The alert scope is one type: written <c>dorm:{id}</c> / <c>class:{id}</c> on the wire and read back only through it.</summary>
public sealed class AlertScopeTests
{
    [Theory]
    [InlineData("dorm:dorm-pine", AlertScopeKind.Dorm, "dorm-pine")]
    [InlineData("class:g7-1", AlertScopeKind.Class, "g7-1")]
    [InlineData("class:a:b", AlertScopeKind.Class, "a:b")]
    public void A_scope_round_trips_through_its_wire_form(string text, AlertScopeKind kind, string id)
    {
        Assert.True(AlertScope.TryParse(text, out var scope));
        Assert.Equal(new AlertScope(kind, id), scope);
        Assert.Equal(text, scope.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("dorm:")]
    [InlineData("student:S1001")]
    [InlineData("Dorm:x")]
    public void Campus_wide_or_unknown_forms_are_not_a_scope(string? text) => Assert.False(AlertScope.TryParse(text, out _));

    [Fact]
    public void The_responsible_role_follows_the_scope()
    {
        Assert.Equal("dorm-supervisor", AlertEffects.RoleFor(EscalationStep.Responsible, AlertEffects.DormScope("dorm-a")));
        Assert.Equal("class-teacher", AlertEffects.RoleFor(EscalationStep.Responsible, AlertEffects.ClassScope("c7-1")));
        Assert.Equal("security", AlertEffects.RoleFor(EscalationStep.Responsible, null));
    }
}
