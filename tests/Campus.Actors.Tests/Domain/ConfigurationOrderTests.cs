using Campus.Actors.Alerts;
using Campus.Actors.Devices;
using Campus.Actors.Notices;
using Campus.Actors.Reference;
using Campus.TestKit;

namespace Campus.Actors.Tests.Domain;

/// <summary>
/// Order where it matters: a scan that reaches the campus while it is being configured (before its
/// device, gate or student know their part) waits for the configuration and is then handled as
/// usual: never lost, never a false intruder alert.
/// </summary>
public sealed class ConfigurationOrderTests
{
    [Fact]
    public async Task A_scan_before_the_campus_is_configured_raises_no_false_alert_and_takes_effect_once_it_is()
    {
        var at = TestCampus.Local(TestCampus.Monday, 7, 31);
        await using var harness = await EntityHarness.StartAsync(CampusDomain.Behaviors, CampusDomain.Codec, start: at);

        await harness.TellAsync(CampusIds.Device(TestCampus.Id, "gate-n-reader"),
            new DeviceReported("early-1", "gate-n-reader", at, DeviceEventType.Access, "S1002", Direction.In), at, "early-1", "device:gate-n-reader");
        await harness.IdleAsync();
        Assert.Empty(harness.Probe.All);

        await harness.TellAsync(CampusIds.Config(TestCampus.Id), new ConfigureCampus(CampusScenario.QuietDevices(TestCampus.Manifest())), at.AddSeconds(5), "manifest-1", "admin");
        await harness.IdleAsync();

        var outputs = harness.Probe.All.Select(o => o.Output).ToList();
        Assert.Contains(outputs, o => o is PresenceChanged { PersonId: "S1002", ToLocation: "on-campus" });
        Assert.Contains(outputs, o => o is GuardianNotice { StudentId: "S1002", Kind: NoticeKind.Arrival });
        Assert.DoesNotContain(outputs, o => o is AlertChanged { Kind: AlertKind.Intruder });
    }
}
