-- The count journals are emptied by every fold, a few times a second: their deleted rows
-- must be cleaned up promptly, or reads (which scan a campaign's journal rows through the
-- index) walk thousands of dead entries. Folding instances also VACUUM them; these settings
-- make autovacuum follow as well.
ALTER TABLE tally_journal SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
                               autovacuum_vacuum_cost_delay = 0);
ALTER TABLE daily_journal SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
                               autovacuum_vacuum_cost_delay = 0);
