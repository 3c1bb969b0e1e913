-- The app's own login: it reads and writes rows, nothing else (no DDL, no server roles). Run by db-init in
-- compose.yaml after the migration script, as sa; sqlcmd fills $(APP_PASSWORD) from -v.
IF NOT EXISTS (SELECT 1 FROM sys.server_principals WHERE name = N'adminconsole_app')
    CREATE LOGIN adminconsole_app WITH PASSWORD = N'$(APP_PASSWORD)', CHECK_POLICY = ON;
ELSE
    ALTER LOGIN adminconsole_app WITH PASSWORD = N'$(APP_PASSWORD)';
GO
USE AdminConsole;
GO
IF NOT EXISTS (SELECT 1 FROM sys.database_principals WHERE name = N'adminconsole_app')
    CREATE USER adminconsole_app FOR LOGIN adminconsole_app;
ALTER ROLE db_datareader ADD MEMBER adminconsole_app;
ALTER ROLE db_datawriter ADD MEMBER adminconsole_app;
GO
