using Campus.Actors.Alerts;
using Campus.Actors.Classrooms;
using Campus.Actors.Devices;
using Campus.Actors.Dorms;
using Campus.Actors.Gates;
using Campus.Actors.Reference;
using Campus.Actors.Entities;
using Campus.Actors.Students;
using Campus.Actors.Vehicles;
using Campus.Actors.Visitors;
using Campus.Actors.Zones;

namespace Campus.Actors;

/// <summary>
/// The campus domain as the runtime sees it: every entity kind's behaviour and a codec that
/// knows every campus message. The host and the tests start a runtime with these two.
/// </summary>
/// <remarks>
/// Data flows as follows: (1) the host appends a <see cref="DeviceReported"/> to
/// <c>device/{campus}/{device}</c>; (2) the device entity marks itself heard and routes the event
/// to its gate, dorm, classroom or zone; (3) the location entity tells the student; (4) the student
/// applies the student rules, emits presence and guardian notices and tells
/// <c>alert/{campus}/{incident}</c> to raise or clear; (5) the alert entity escalates by its timers
/// and emits <see cref="AlertChanged"/> after every change. See docs/domain.md.
/// </remarks>
public static class CampusDomain
{
    /// <summary>One behaviour per entity kind of the campus domain.</summary>
    public static EntityBehavior[] Behaviors() =>
    [
        new CampusConfigBehavior(),
        new DeviceBehavior(),
        new GateBehavior(),
        new DormBehavior(),
        new ClassroomBehavior(),
        new ZoneBehavior(),
        new StudentBehavior(),
        new AlertBehavior(),
        new VisitBehavior(),
        new WatchListBehavior(),
        new VehicleRegistryBehavior(),
    ];

    /// <summary>A codec that knows every campus message, timer message and output.</summary>
    public static MessageCodec Codec() => CampusCodec.Create();
}
