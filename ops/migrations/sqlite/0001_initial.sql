-- Initial schema of the SQLite provider. schema_migrations is created by the migrator itself.
-- Tables are STRICT (a value of the wrong type is an error, not silently stored) and WITHOUT
-- ROWID where the primary key is composite or textual, so rows are clustered by that key and
-- no second b-tree is needed. Times are UTC ticks.

-- The shards' logs: the source of truth. Clustered by (shard, offset) for range reads.
CREATE TABLE log (
    shard        INTEGER NOT NULL,
    "offset"     INTEGER NOT NULL,
    source       TEXT    NOT NULL,
    event_id     TEXT    NOT NULL,
    entity_id    TEXT    NOT NULL,
    message_type TEXT    NOT NULL,
    payload      BLOB    NOT NULL,
    occurred_at  INTEGER NOT NULL,
    PRIMARY KEY (shard, "offset")
) STRICT, WITHOUT ROWID;

-- De-duplication: a (source, event id) pair is appended at most once per shard.
CREATE UNIQUE INDEX log_dedup ON log (shard, source, event_id);

-- Highest offset ever assigned per shard, so an offset is never reused.
-- INTEGER PRIMARY KEY is the rowid itself: a rowid table is the compact choice here.
CREATE TABLE shard_heads (
    shard INTEGER PRIMARY KEY,
    head  INTEGER NOT NULL
) STRICT;

-- Current owner of each shard; epoch fences the checkpoints of earlier owners.
CREATE TABLE shard_owners (
    shard             INTEGER PRIMARY KEY,
    owner_id          TEXT    NOT NULL,
    epoch             INTEGER NOT NULL,
    checkpoint_offset INTEGER NOT NULL,
    acquired_at       INTEGER NOT NULL
) STRICT;

-- Entity snapshots as of the shard's last checkpoint.
CREATE TABLE entities (
    shard     INTEGER NOT NULL,
    entity_id TEXT    NOT NULL,
    state     BLOB    NOT NULL,
    timers    BLOB    NULL,
    PRIMARY KEY (shard, entity_id)
) STRICT, WITHOUT ROWID;

-- Outputs of the entities; the id ({shard}-{offset}-{index}) makes a replayed output a no-op.
CREATE TABLE outputs (
    output_id   TEXT    NOT NULL PRIMARY KEY,
    shard       INTEGER NOT NULL,
    "offset"    INTEGER NOT NULL,
    idx         INTEGER NOT NULL,
    entity_id   TEXT    NOT NULL,
    output_type TEXT    NOT NULL,
    payload     BLOB    NOT NULL,
    occurred_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX outputs_by_offset ON outputs (shard, "offset", idx);
