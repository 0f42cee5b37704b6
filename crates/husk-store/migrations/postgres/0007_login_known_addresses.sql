-- Addresses each user has logged in from (login bookkeeping, not audited). An address the user
-- used within the last 90 days stays open for them while their username is under attack from
-- elsewhere (see `Store::check_credentials`). A row in `login_failures` is now written before
-- the password is checked and removed when it was right.
CREATE TABLE login_known_addresses (
    username TEXT NOT NULL,
    ip TEXT NOT NULL,
    last_success BIGINT NOT NULL,
    PRIMARY KEY (username, ip)
);
CREATE INDEX login_failures_pair ON login_failures (username, ip, at);
CREATE INDEX login_failures_at ON login_failures (at);
CREATE INDEX login_known_addresses_last ON login_known_addresses (last_success);
