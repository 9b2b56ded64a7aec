-- The Idempotency-Key of every operator command that sent one, scoped by the account and the
-- command (acknowledge, resolve, approve-leave), with the SHA-256 of the request it was first
-- used for: the same key again with the same request is a retry (the entity answers it as a
-- duplicate), with another request it is refused (422). Times are UTC ticks.
CREATE TABLE idempotency_keys (
    account         text    NOT NULL,
    command         text    NOT NULL,
    idempotency_key text    NOT NULL,
    fingerprint     text    NOT NULL,
    created_at      bigint  NOT NULL,
    PRIMARY KEY (account, command, idempotency_key)
);
