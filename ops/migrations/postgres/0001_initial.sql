-- The shard store's tables. Names are unqualified: they land in the first schema of the
-- connection's search_path, so one database can hold several stores (tests use a schema each).

-- Each shard's log of inputs, the source of truth. Offsets are assigned per shard from
-- shard_heads; they increase and may have gaps where duplicates were dropped.
-- TODO(retention): partition the log by time (appended_at) so old partitions can be detached and
-- dropped; a later migration, as it changes the primary key.
CREATE TABLE log (
    shard        int         NOT NULL,
    "offset"     bigint      NOT NULL,
    source       text        NOT NULL,
    event_id     text        NOT NULL,
    entity_id    text        NOT NULL,
    message_type text        NOT NULL,
    payload      bytea       NOT NULL,
    occurred_at  bigint      NOT NULL, -- UTC ticks: the time the entity sees
    appended_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (shard, "offset"),
    -- De-duplication: a device or operator may send the same event twice.
    CONSTRAINT log_dedup UNIQUE (shard, source, event_id)
);

-- An entity's timeline (a student's movements), in log order.
CREATE INDEX log_entity_timeline ON log (shard, entity_id, "offset");

-- The highest offset appended to each shard. Appenders lock the row until they commit, so a
-- shard's offsets become visible in order.
CREATE TABLE shard_heads (
    shard int    PRIMARY KEY,
    head  bigint NOT NULL
);

-- Who owns each shard. Every acquisition bumps the epoch, which fences older owners' checkpoints.
CREATE TABLE shard_owners (
    shard             int         PRIMARY KEY,
    owner_id          text        NOT NULL,
    epoch             bigint      NOT NULL,
    checkpoint_offset bigint      NOT NULL DEFAULT 0,
    acquired_at       timestamptz NOT NULL DEFAULT now()
);

-- Entity snapshots as of their shard's last checkpoint.
CREATE TABLE entities (
    shard     int   NOT NULL,
    entity_id text  NOT NULL,
    state     bytea NOT NULL,
    timers    bytea NULL,
    PRIMARY KEY (shard, entity_id)
);

-- Entity outputs; the id ({shard}-{offset}-{index}) is reproduced by replay, so a replayed output
-- is stored once.
CREATE TABLE outputs (
    output_id   text   PRIMARY KEY,
    shard       int    NOT NULL,
    "offset"    bigint NOT NULL,
    idx         int    NOT NULL,
    entity_id   text   NOT NULL,
    output_type text   NOT NULL,
    payload     bytea  NOT NULL,
    occurred_at bigint NOT NULL
);

CREATE INDEX outputs_by_shard_offset ON outputs (shard, "offset", idx);
