using Campus.Actors.Alerts;
using Campus.Actors.Classrooms;
using Campus.Actors.Devices;
using Campus.Actors.Dorms;
using Campus.Actors.Entities;
using Campus.Actors.Gates;
using Campus.Actors.Notices;
using Campus.Actors.Reference;
using Campus.Actors.Students;
using Campus.Actors.Vehicles;
using Campus.Actors.Visitors;
using Campus.Actors.Zones;

namespace Campus.Actors;

/// <summary>
/// The stable log names of every campus message and output. A name, once shipped, never changes:
/// stored logs refer to it.
/// </summary>
public static class CampusCodec
{
    /// <summary>A codec with every campus message and output registered.</summary>
    public static MessageCodec Create() => Register(new MessageCodec());

    /// <summary>Registers every campus message and output on <paramref name="codec"/>.</summary>
    public static MessageCodec Register(MessageCodec codec) => codec
        // every entity of a campus holds its rules and dorms hold the same times: one copy in memory
        .Intern<CampusRules>()
        .Intern<DormInfo>()
        // reference data
        .Register<ConfigureCampus>("campus.configure")
        .Register<StudentConfigured>("campus.student-configured")
        .Register<DormConfigured>("campus.dorm-configured")
        .Register<ClassroomConfigured>("campus.classroom-configured")
        .Register<GateConfigured>("campus.gate-configured")
        .Register<ZoneConfigured>("campus.zone-configured")
        .Register<DeviceConfigured>("campus.device-configured")
        // devices and locations
        .Register<DeviceReported>("device.reported")
        .Register<GatePassed>("gate.passed")
        .Register<StudentPassedGate>("student.passed-gate")
        .Register<DormDoorScanned>("dorm.door-scanned")
        .Register<StudentEnteredDorm>("student.entered-dorm")
        .Register<StudentLeftDorm>("student.left-dorm")
        .Register<CurfewCheck>("student.curfew-check")
        .Register<CurfewDue>("dorm.curfew-due")
        .Register<ClassBoardScanned>("classroom.board-scanned")
        .Register<StudentCheckedIntoClass>("student.checked-into-class")
        .Register<ClassCheckInMissed>("student.class-check-in-missed")
        .Register<PeriodCheckDue>("classroom.period-check-due")
        .Register<ZoneObserved>("zone.observed")
        // students
        .Register<ApproveLeave>("student.approve-leave")
        .Register<ArrivalDeadlineDue>("student.arrival-deadline-due")
        .Register<UnseenDue>("student.unseen-due")
        // visitors, the watch list and vehicles
        .Register<VehiclesConfigured>("campus.vehicles-configured")
        .Register<RegisterVisit>("visit.register")
        .Register<ApproveVisit>("visit.approve")
        .Register<DeclineVisit>("visit.decline")
        .Register<CheckInVisitor>("visit.check-in")
        .Register<CheckOutVisitor>("visit.check-out")
        .Register<VisitOverstayDue>("visit.overstay-due")
        .Register<VisitClosingDue>("visit.closing-due")
        .Register<VisitDayEndDue>("visit.day-end-due")
        .Register<VisitorAdmitted>("gate.visitor-admitted")
        .Register<AddWatchEntry>("watchlist.add")
        .Register<RemoveWatchEntry>("watchlist.remove")
        .Register<ScreenVisitor>("watchlist.screen")
        .Register<PlateWatched>("vehicles.plate-watched")
        .Register<PlateUnwatched>("vehicles.plate-unwatched")
        .Register<PlateRead>("vehicles.plate-read")
        .Register<VisitorVehicleExpected>("vehicles.visitor-expected")
        .Register<VisitorVehicleVisitEnded>("vehicles.visit-ended")
        .Register<VisitorVehicleDue>("vehicles.visitor-due")
        // alerts
        .Register<RaiseAlert>("alert.raise")
        .Register<ClearAlert>("alert.clear")
        .Register<AcknowledgeAlert>("alert.acknowledge")
        .Register<ResolveAlert>("alert.resolve")
        // outputs
        .Register<AlertChanged>("out.alert")
        .Register<GuardianNotice>("out.notice")
        .Register<PresenceChanged>("out.presence")
        .Register<DeviceHealthChanged>("out.device")
        .Register<ZoneOccupancyChanged>("out.zone-occupancy")
        .Register<LeaveRecorded>("out.leave")
        .Register<VisitChanged>("out.visit")
        .Register<VisitorArrived>("out.visitor-arrived")
        .Register<WatchListChanged>("out.watch-list")
        .Register<VehiclePassed>("out.vehicle")
        // timer messages of the entities
        .RegisterAlerts()
        .RegisterDevices();
}
