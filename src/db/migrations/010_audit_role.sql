-- The database role beside the person in each audit row: on PostgreSQL,
-- the role the command connected as (its `current_user`); on SQLite, where
-- there are no roles, NULL.
ALTER TABLE audit ADD COLUMN db_role TEXT;
