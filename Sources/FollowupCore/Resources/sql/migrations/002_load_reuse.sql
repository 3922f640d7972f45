-- A rerun on unchanged inputs reuses the previous load instead of redoing it (issue 8):
-- `code_digest` says which build and SQL computed a load, `reused_run_id` which run's load a
-- run reused (NULL for a run that loaded its inputs itself).
alter table runs add column code_digest text;
alter table runs add column reused_run_id integer references runs;
