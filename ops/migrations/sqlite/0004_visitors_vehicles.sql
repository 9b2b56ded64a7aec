-- Visitors and vehicles (read model). Times are UTC ticks. Visit rows are removed after the
-- retention period (Campus:Visitors:RetentionDays, docs/operations.md), with their journal.

-- The current view of every visit (the highest version); no document numbers, only the last four
-- characters inside the body.
CREATE TABLE read_visits (
    campus_id          TEXT    NOT NULL,
    code               TEXT    NOT NULL,
    version            INTEGER NOT NULL,
    status             TEXT    NOT NULL,
    host_kind          TEXT    NOT NULL,
    host_id            TEXT    NOT NULL,
    registered_by      TEXT    NOT NULL,
    expected_arrival   INTEGER NOT NULL,
    expected_departure INTEGER NOT NULL,
    at                 INTEGER NOT NULL,
    body               TEXT    NOT NULL,
    PRIMARY KEY (campus_id, code)
) STRICT, WITHOUT ROWID;
CREATE INDEX read_visits_arrival ON read_visits (campus_id, expected_arrival);
CREATE INDEX read_visits_status ON read_visits (campus_id, status);

-- Every plate read (the vehicle log), keyed by output id.
CREATE TABLE read_vehicle_log (
    campus_id TEXT    NOT NULL,
    at        INTEGER NOT NULL,
    output_id TEXT    NOT NULL,
    plate     TEXT    NOT NULL,
    body      TEXT    NOT NULL,
    PRIMARY KEY (campus_id, at, output_id)
) STRICT, WITHOUT ROWID;

-- The vehicles inside now (the newest confident read of each plate was "in").
CREATE TABLE read_vehicles_inside (
    campus_id TEXT    NOT NULL,
    plate     TEXT    NOT NULL,
    at        INTEGER NOT NULL,
    body      TEXT    NOT NULL,
    PRIMARY KEY (campus_id, plate)
) STRICT, WITHOUT ROWID;

-- The watch list as staff see it: labels and reasons, never a document number or its hash.
CREATE TABLE read_watch_list (
    campus_id TEXT    NOT NULL,
    entry_id  TEXT    NOT NULL,
    at        INTEGER NOT NULL,
    body      TEXT    NOT NULL,
    PRIMARY KEY (campus_id, entry_id)
) STRICT, WITHOUT ROWID;
