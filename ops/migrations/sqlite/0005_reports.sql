-- Daily reports (docs/api.md, "Daily reports"). Times are UTC ticks.

-- Every device health change (read_devices keeps only the latest one), keyed by output id: how
-- long each device was offline during a day.
CREATE TABLE read_device_health (
    campus_id TEXT    NOT NULL,
    device_id TEXT    NOT NULL,
    at        INTEGER NOT NULL,
    output_id TEXT    NOT NULL,
    online    INTEGER NOT NULL,
    body      TEXT    NOT NULL,
    PRIMARY KEY (campus_id, device_id, at, output_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX read_device_health_at ON read_device_health (campus_id, at);

-- A campus's moves and notices by time: the moves of a day, of every student at once.
CREATE INDEX read_timeline_at ON read_timeline (campus_id, at);

-- Closed daily reports (date: the campus-local day, yyyy-MM-dd). Inserted once when the day
-- closes and never changed; body is the report as JSON.
CREATE TABLE reports_daily (
    campus_id TEXT    NOT NULL,
    date      TEXT    NOT NULL,
    closed_at INTEGER NOT NULL,
    body      TEXT    NOT NULL,
    PRIMARY KEY (campus_id, date)
) STRICT, WITHOUT ROWID;
