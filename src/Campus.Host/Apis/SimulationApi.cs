using Campus.Host.Auth;
using Campus.Host.Campus;

namespace Campus.Host.Apis;

/// <summary>
/// <c>POST /api/v1/sim/clock</c>, for drills and demos: moves the simulated clock; due timers fire
/// in order. Mapped only when <c>Campus:Clock=simulated</c>: with the real clock it does not exist.
/// Any signed-in account reads the clock (the console shows it); only admin and security move it.
/// </summary>
public static class SimulationApi
{
    public static IEndpointRouteBuilder MapSimulationApi(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetService<SimulatedClock>() is null) return app;
        var sim = app.MapGroup("/api/v1/sim").WithTags("Simulation");
        sim.MapGet("/clock", (TimeProvider clock) => TypedResults.Ok(new ClockReading(clock.GetUtcNow()))).RequireAuthorization(Policies.SignedIn);
        sim.MapPost("/clock", AdvanceAsync).WithSummary("Move the simulated clock: advanceTo an instant or advanceBy a duration").RequireAuthorization(Policies.Security);
        return app;
    }

    /// <summary>Where to move the clock: exactly one of the two.</summary>
    public sealed record ClockMove(DateTimeOffset? AdvanceTo, TimeSpan? AdvanceBy);

    /// <summary>The simulated time now.</summary>
    public sealed record ClockReading(DateTimeOffset Now);

    /// <summary>The longest single move (a year), so a typo cannot spin the timers for ever.</summary>
    public static TimeSpan MaxMove { get; } = TimeSpan.FromDays(366);

    private static async Task<IResult> AdvanceAsync(ClockMove? move, SimulatedClock simulated, ProcessingBarrier barrier, CancellationToken cancellationToken)
    {
        var clock = simulated.Clock;
        using (await simulated.LockAsync(cancellationToken))
        {
            var now = clock.GetUtcNow();
            // The move is checked before it is added to now: now + TimeSpan.MaxValue is past the end of the calendar.
            var (field, by) = (move?.AdvanceTo, move?.AdvanceBy) switch
            {
                ({ } to, null) => ("advanceTo", (TimeSpan?)(to - now)),
                (null, { } duration) => ("advanceBy", duration),
                _ => ("advanceTo", null),
            };
            if (by is null)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = ["give exactly one of advanceTo (an instant) or advanceBy (hh:mm:ss)"] });
            if (by < TimeSpan.Zero)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [$"time only moves forward; it is {now:O}"] });
            if (by > MaxMove)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = ["moves at most 366 days at a time"] });
            await simulated.AdvanceToAsync(now + by.Value, barrier, cancellationToken);
            return TypedResults.Ok(new ClockReading(clock.GetUtcNow()));
        }
    }
}
