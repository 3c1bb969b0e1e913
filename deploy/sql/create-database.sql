-- The database, if it is not there yet. Run by db-init in compose.yaml, as sa, before the migration script.
IF DB_ID(N'AdminConsole') IS NULL
    CREATE DATABASE AdminConsole;
GO
