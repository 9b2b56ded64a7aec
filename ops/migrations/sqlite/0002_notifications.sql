-- Guardian notification delivery (src/Campus.Host/Notifications). Times are UTC ticks.

-- How far the dispatcher has read each shard's stored outputs (the outbox).
CREATE TABLE notification_cursors (
    shard    INTEGER PRIMARY KEY,
    "offset" INTEGER NOT NULL
) STRICT;

-- Notices stored before this migration are history, not news: the dispatcher starts after them.
INSERT INTO notification_cursors (shard, "offset") SELECT shard, max("offset") FROM outputs GROUP BY shard;

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
