-- The host's own tables (the entities' journal, tags and snapshots are Akka.Persistence.Sql's and
-- live in the journal's database). Times are UTC ticks.

-- How far each projection has read the journal (the ordering of the last event applied). A
-- projection writes its rows and its offset in one transaction.
CREATE TABLE projection_offsets (
    name     TEXT    NOT NULL PRIMARY KEY,
    "offset" INTEGER NOT NULL
) STRICT;

-- Read model: the current view of every alert (the highest version).
CREATE TABLE read_alerts (
    campus_id  TEXT    NOT NULL,
    alert_id   TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    status     TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    scope      TEXT    NULL,
    raised_at  INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    body       TEXT    NOT NULL,
    PRIMARY KEY (campus_id, alert_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX read_alerts_status ON read_alerts (campus_id, status);
CREATE INDEX read_alerts_raised ON read_alerts (campus_id, raised_at);

-- Where each student is now (the newest move).
CREATE TABLE read_presence (
    campus_id     TEXT    NOT NULL,
    person_id     TEXT    NOT NULL,
    from_location TEXT    NOT NULL,
    to_location   TEXT    NOT NULL,
    at            INTEGER NOT NULL,
    PRIMARY KEY (campus_id, person_id)
) STRICT, WITHOUT ROWID;

-- Each device's last reported health.
CREATE TABLE read_devices (
    campus_id  TEXT    NOT NULL,
    device_id  TEXT    NOT NULL,
    online     INTEGER NOT NULL,
    last_heard INTEGER NOT NULL,
    at         INTEGER NOT NULL,
    body       TEXT    NOT NULL,
    PRIMARY KEY (campus_id, device_id)
) STRICT, WITHOUT ROWID;

-- Each camera zone's last count.
CREATE TABLE read_zones (
    campus_id TEXT    NOT NULL,
    zone_id   TEXT    NOT NULL,
    count     INTEGER NOT NULL,
    at        INTEGER NOT NULL,
    body      TEXT    NOT NULL,
    PRIMARY KEY (campus_id, zone_id)
) STRICT, WITHOUT ROWID;

-- Approved leaves.
CREATE TABLE read_leaves (
    campus_id  TEXT    NOT NULL,
    student_id TEXT    NOT NULL,
    leave_id   TEXT    NOT NULL,
    from_at    INTEGER NOT NULL,
    to_at      INTEGER NOT NULL,
    body       TEXT    NOT NULL,
    PRIMARY KEY (campus_id, student_id, leave_id)
) STRICT, WITHOUT ROWID;

-- Every student's moves and notices (type: out.presence or out.notice), keyed by output id.
CREATE TABLE read_timeline (
    campus_id  TEXT    NOT NULL,
    student_id TEXT    NOT NULL,
    at         INTEGER NOT NULL,
    output_id  TEXT    NOT NULL,
    type       TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    PRIMARY KEY (campus_id, student_id, at, output_id)
) STRICT, WITHOUT ROWID;

-- Inputs an entity could not handle, kept for admins (docs/operations.md).
CREATE TABLE read_set_aside (
    output_id    TEXT    NOT NULL PRIMARY KEY,
    campus_id    TEXT    NOT NULL,
    entity       TEXT    NOT NULL,
    source       TEXT    NOT NULL,
    event_id     TEXT    NULL,
    at           INTEGER NOT NULL,
    message_type TEXT    NOT NULL,
    error        TEXT    NOT NULL
) STRICT, WITHOUT ROWID;

-- One receipt per notice, guardian and channel; delivery_id = {notice_id}:{guardian_id}:{channel}.
-- status: pending, delivered, failed (will be re-attempted at due_at), dead-letter.
CREATE TABLE notification_receipts (
    delivery_id  TEXT    NOT NULL PRIMARY KEY,
    notice_id    TEXT    NOT NULL,
    guardian_id  TEXT    NOT NULL,
    channel      TEXT    NOT NULL,
    campus_id    TEXT    NOT NULL,
    student_id   TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    attempts     INTEGER NOT NULL,
    last_error   TEXT    NULL,
    created_at   INTEGER NOT NULL,
    due_at       INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    delivered_at INTEGER NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX notification_receipts_due ON notification_receipts (status, due_at);
