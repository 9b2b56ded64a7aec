-- The host's own tables (the entities' journal, tags and snapshots are Akka.Persistence.Sql's and
-- live in the journal's database). Times are UTC ticks.

-- How far each projection has read the journal (the ordering of the last event applied). A
-- projection writes its rows and its offset in one transaction.
CREATE TABLE projection_offsets (
    name     text    NOT NULL PRIMARY KEY,
    "offset" bigint  NOT NULL
);

-- Read model: the current view of every alert (the highest version).
CREATE TABLE read_alerts (
    campus_id  text    NOT NULL,
    alert_id   text    NOT NULL,
    version    int     NOT NULL,
    status     text    NOT NULL,
    kind       text    NOT NULL,
    scope      text    NULL,
    raised_at  bigint  NOT NULL,
    updated_at bigint  NOT NULL,
    body       text    NOT NULL,
    PRIMARY KEY (campus_id, alert_id)
);
CREATE INDEX read_alerts_status ON read_alerts (campus_id, status);
CREATE INDEX read_alerts_raised ON read_alerts (campus_id, raised_at);

-- Where each student is now (the newest move).
CREATE TABLE read_presence (
    campus_id     text    NOT NULL,
    person_id     text    NOT NULL,
    from_location text    NOT NULL,
    to_location   text    NOT NULL,
    at            bigint  NOT NULL,
    PRIMARY KEY (campus_id, person_id)
);

-- Each device's last reported health.
CREATE TABLE read_devices (
    campus_id  text    NOT NULL,
    device_id  text    NOT NULL,
    online     boolean NOT NULL,
    last_heard bigint  NOT NULL,
    at         bigint  NOT NULL,
    body       text    NOT NULL,
    PRIMARY KEY (campus_id, device_id)
);

-- Each camera zone's last count.
CREATE TABLE read_zones (
    campus_id text    NOT NULL,
    zone_id   text    NOT NULL,
    count     int     NOT NULL,
    at        bigint  NOT NULL,
    body      text    NOT NULL,
    PRIMARY KEY (campus_id, zone_id)
);

-- Approved leaves.
CREATE TABLE read_leaves (
    campus_id  text    NOT NULL,
    student_id text    NOT NULL,
    leave_id   text    NOT NULL,
    from_at    bigint  NOT NULL,
    to_at      bigint  NOT NULL,
    body       text    NOT NULL,
    PRIMARY KEY (campus_id, student_id, leave_id)
);

-- Every student's moves and notices (type: out.presence or out.notice), keyed by output id.
CREATE TABLE read_timeline (
    campus_id  text    NOT NULL,
    student_id text    NOT NULL,
    at         bigint  NOT NULL,
    output_id  text    NOT NULL,
    type       text    NOT NULL,
    body       text    NOT NULL,
    PRIMARY KEY (campus_id, student_id, at, output_id)
);

-- Inputs an entity could not handle, kept for admins (docs/operations.md).
CREATE TABLE read_set_aside (
    output_id    text    NOT NULL PRIMARY KEY,
    campus_id    text    NOT NULL,
    entity       text    NOT NULL,
    source       text    NOT NULL,
    event_id     text    NULL,
    at           bigint  NOT NULL,
    message_type text    NOT NULL,
    error        text    NOT NULL
);

-- One receipt per notice, guardian and channel; delivery_id = {notice_id}:{guardian_id}:{channel}.
-- status: pending, delivered, failed (will be re-attempted at due_at), dead-letter.
CREATE TABLE notification_receipts (
    delivery_id  text    NOT NULL PRIMARY KEY,
    notice_id    text    NOT NULL,
    guardian_id  text    NOT NULL,
    channel      text    NOT NULL,
    campus_id    text    NOT NULL,
    student_id   text    NOT NULL,
    kind         text    NOT NULL,
    body         text    NOT NULL,
    status       text    NOT NULL,
    attempts     int     NOT NULL,
    last_error   text    NULL,
    created_at   bigint  NOT NULL,
    due_at       bigint  NOT NULL,
    updated_at   bigint  NOT NULL,
    delivered_at bigint  NULL
);
CREATE INDEX notification_receipts_due ON notification_receipts (status, due_at);
