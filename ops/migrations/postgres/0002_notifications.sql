-- Guardian notification delivery (src/Campus.Host/Notifications). Times are UTC ticks.

-- How far the dispatcher has read each shard's stored outputs (the outbox).
CREATE TABLE notification_cursors (
    shard    int    PRIMARY KEY,
    "offset" bigint NOT NULL
);

-- Notices stored before this migration are history, not news: the dispatcher starts after them.
INSERT INTO notification_cursors (shard, "offset") SELECT shard, max("offset") FROM outputs GROUP BY shard;

-- One receipt per notice, guardian and channel; delivery_id = {notice_id}:{guardian_id}:{channel}.
-- status: pending, delivered, failed (will be re-attempted at due_at), dead-letter.
CREATE TABLE notification_receipts (
    delivery_id  text   NOT NULL PRIMARY KEY,
    notice_id    text   NOT NULL,
    guardian_id  text   NOT NULL,
    channel      text   NOT NULL,
    campus_id    text   NOT NULL,
    student_id   text   NOT NULL,
    kind         text   NOT NULL,
    body         text   NOT NULL,
    status       text   NOT NULL,
    attempts     int    NOT NULL,
    last_error   text   NULL,
    created_at   bigint NOT NULL,
    due_at       bigint NOT NULL,
    updated_at   bigint NOT NULL,
    delivered_at bigint NULL
);

CREATE INDEX notification_receipts_due ON notification_receipts (status, due_at);
