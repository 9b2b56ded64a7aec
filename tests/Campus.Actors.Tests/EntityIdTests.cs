using Campus.Actors.Runtime;

namespace Campus.Actors.Tests;

public class EntityIdTests
{
    [Fact]
    public void An_entity_id_round_trips_through_its_text_form()
    {
        var id = EntityId.Parse("student/hj/S1001");
        Assert.Equal("student", id.Kind);
        Assert.Equal("hj", id.Campus);
        Assert.Equal("S1001", id.Key);
        Assert.Equal("student/hj/S1001", id.ToString());
        Assert.Equal(new EntityId("student", "hj", "S1001"), id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("student")]
    [InlineData("student/hj")]
    [InlineData("student/hj/")]
    [InlineData("/hj/S1")]
    [InlineData("student//S1")]
    public void A_malformed_entity_id_is_refused(string text) => Assert.False(EntityId.TryParse(text, out _));

    [Fact]
    public void The_shard_of_a_campus_is_stable_and_shared_by_its_entities()
    {
        var map = new ShardMap(64);
        // FNV-1a is fixed: these values must never change, or campuses move between shards.
        Assert.Equal(2166136261u, ShardMap.StableHash(""));
        Assert.Equal(map.ShardOf("hj"), map.ShardOf(EntityId.Parse("dorm/hj/D1")));
        Assert.Equal(map.ShardOf(EntityId.Parse("student/hj/S1")), map.ShardOf(EntityId.Parse("gate/hj/N1")));
    }
}
