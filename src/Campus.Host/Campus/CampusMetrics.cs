using System.Diagnostics.Metrics;
using Campus.Actors.Hosting;
using Campus.Host.Projections;

namespace Campus.Host.Campus;

/// <summary>
/// What an operator watches (docs/operations.md), as .NET metrics of the meter <c>Campus.Host</c>
/// (read them with <c>dotnet-counters monitor --counters Campus.Host</c> or an OpenTelemetry
/// exporter): the work in flight among this node's entities against its limit, and how far the
/// read model lags behind the journal. <c>/readyz</c> reports the same figures.
/// </summary>
public sealed class CampusMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Campus.Host";

    private readonly Meter _meter = new(MeterName);

    public CampusMetrics(CampusEntities entities, ReadModelProjection readModel)
    {
        _meter.CreateObservableGauge("campus.entities.in_flight", () => entities.Activity.InFlight,
            description: "Inputs not yet stored, tells not yet delivered, timer wake-ups and recoveries in flight on this node");
        _meter.CreateObservableGauge("campus.entities.in_flight_limit", () => entities.Options.MaxPendingInputs,
            description: "Campus:MaxPendingInputs: beyond it, new inputs get 429");
        _meter.CreateObservableGauge("campus.read_model.lag", () => readModel.Lag.TotalSeconds, unit: "s",
            description: "How long the newest event of the read model's last batch waited between the journal and the read model");
    }

    public void Dispose() => _meter.Dispose();
}
