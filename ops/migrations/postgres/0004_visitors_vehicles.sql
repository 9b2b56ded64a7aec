-- Visitors and vehicles (read model). Times are UTC ticks. Visit rows are removed after the
-- retention period (Campus:Visitors:RetentionDays, docs/operations.md), with their journal.

-- The current view of every visit (the highest version); no document numbers, only the last four
-- characters inside the body.
CREATE TABLE read_visits (
    campus_id          text    NOT NULL,
    code               text    NOT NULL,
    version            int     NOT NULL,
    status             text    NOT NULL,
    host_kind          text    NOT NULL,
    host_id            text    NOT NULL,
    registered_by      text    NOT NULL,
    expected_arrival   bigint  NOT NULL,
    expected_departure bigint  NOT NULL,
    at                 bigint  NOT NULL,
    body               text    NOT NULL,
    PRIMARY KEY (campus_id, code)
);
CREATE INDEX read_visits_arrival ON read_visits (campus_id, expected_arrival);
CREATE INDEX read_visits_status ON read_visits (campus_id, status);

-- Every plate read (the vehicle log), keyed by output id.
CREATE TABLE read_vehicle_log (
    campus_id text    NOT NULL,
    at        bigint  NOT NULL,
    output_id text    NOT NULL,
    plate     text    NOT NULL,
    body      text    NOT NULL,
    PRIMARY KEY (campus_id, at, output_id)
);

-- The vehicles inside now (the newest confident read of each plate was "in").
CREATE TABLE read_vehicles_inside (
    campus_id text    NOT NULL,
    plate     text    NOT NULL,
    at        bigint  NOT NULL,
    body      text    NOT NULL,
    PRIMARY KEY (campus_id, plate)
);

-- The watch list as staff see it: labels and reasons, never a document number or its hash.
CREATE TABLE read_watch_list (
    campus_id text    NOT NULL,
    entry_id  text    NOT NULL,
    at        bigint  NOT NULL,
    body      text    NOT NULL,
    PRIMARY KEY (campus_id, entry_id)
);
