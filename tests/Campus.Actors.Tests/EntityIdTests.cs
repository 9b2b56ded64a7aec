using Campus.Actors.Hosting;
using Campus.Actors.Entities;

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
    public void The_shard_of_an_entity_is_its_campus_so_a_campus_lives_on_one_node()
    {
        var extractor = new CampusMessageExtractor();
        Assert.Equal("hj", extractor.ShardId("dorm/hj/D1"));
        Assert.Equal("hj", extractor.ShardId("student/hj/S1/with/slashes"));
        Assert.Equal("student/hj/S1", extractor.EntityId(new PeekEntity(EntityId.Parse("student/hj/S1"))));
    }

    [Fact]
    public void An_entity_id_too_long_for_the_journal_is_refused_where_it_is_made()
    {
        var longKey = new string('x', EntityId.MaxKeyLength + 1);
        Assert.Throws<ArgumentException>(() => new EntityId("student", "hj", longKey));
        Assert.False(EntityId.TryParse("student/hj/" + longKey, out _));
        Assert.True(EntityId.TryParse("student/hj/" + longKey[1..], out var id));
        Assert.True(id.ToString().Length <= 255);
    }
}
