-- Counts arrive in an append-only journal, in the same transaction as the responses they
-- count, and are folded into `tallies` and `daily_counts` about once a second. A batch of
-- answers from many desks used to update rows spread over the whole tallies table, so every
-- commit rewrote most of its pages; appending to a journal writes a few pages at its end.
-- Readers add the journal to the folded counts in one statement, so they never see a count
-- twice or miss one.
CREATE TABLE tally_journal (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL,
    point_id    INTEGER NOT NULL,
    item        TEXT NOT NULL,
    level       INTEGER NOT NULL,
    n           INTEGER NOT NULL
);
CREATE INDEX tally_journal_campaign ON tally_journal (campaign_id);

CREATE TABLE daily_journal (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL,
    point_id    INTEGER NOT NULL,
    day         TEXT NOT NULL,
    channel     TEXT NOT NULL,
    n           INTEGER NOT NULL
);
CREATE INDEX daily_journal_campaign ON daily_journal (campaign_id);
