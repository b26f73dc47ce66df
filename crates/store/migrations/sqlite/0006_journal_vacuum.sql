-- Nothing to do in SQLite: rows deleted from the count journals go back to its free list at
-- once. (PostgreSQL keeps them until a vacuum; see postgres/0006_journal_vacuum.sql.)
SELECT 1;
