-- What the nodes of a cluster share besides the journal, so that any node serves anything: a
-- session made on one node is valid on all, a key issued on one is accepted by all, an audit entry
-- written on any node is listed once. (On the embedded SQLite default these stay files in the
-- data folder.)

-- Small documents kept whole (accounts with their sessions, device key hashes): the JSON text and
-- a version that grows by one with each change. A change locks the row (SELECT ... FOR UPDATE).
CREATE TABLE shared_documents (
    name    text    NOT NULL PRIMARY KEY,
    body    text    NULL,
    version bigint  NOT NULL
);

-- The audit trail: one row per operator action, append-only. "at" is UTC ticks of the host's clock.
CREATE TABLE audit_entries (
    id   bigserial NOT NULL PRIMARY KEY,
    at   bigint    NOT NULL,
    body text      NOT NULL
);
CREATE INDEX audit_entries_at ON audit_entries (at);

-- ASP.NET Core data-protection keys (they sign session cookies and anti-forgery tokens): the same
-- key ring on every node.
CREATE TABLE data_protection_keys (
    name text NOT NULL PRIMARY KEY,
    xml  text NOT NULL
);
