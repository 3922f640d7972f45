-- Deleting a discharge cascades to its invalid contacts (a rerun replaces its months).
-- Without an index on the child key, SQLite scans invalid_contacts once per deleted
-- discharge: quadratic, 30 s for a 100 k rerun. https://sqlite.org/foreignkeys.html#fk_indexes
create index if not exists invalid_contacts_discharge on invalid_contacts (discharge_id);
