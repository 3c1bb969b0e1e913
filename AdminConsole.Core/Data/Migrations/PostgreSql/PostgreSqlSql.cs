namespace AdminConsole.Core.Data.Migrations.PostgreSql;

/// <summary>
/// The SQL of this provider that EF Core does not write: the trigger that keeps the dashboard's counts. The one
/// place it is kept; the initial migration installs it, and <c>AttemptCountTests</c> read what a database created
/// from the migrations holds. Which outcomes are failures is <c>LoginOutcomes.Failures</c>; a change there changes
/// the lists below in the same commit.
/// </summary>
internal static class PostgreSqlSql
{
    /// <summary>
    /// Adds each attempt to its outcome's hour and each failure to its address and account name, by hour and by
    /// day. <c>ON CONFLICT ... DO UPDATE</c> makes the upsert safe when two sign-ins count the same row at once;
    /// every attempt touches its rows in the same order, so parallel sign-ins do not deadlock.
    /// </summary>
    public const string CountingFunction = """
CREATE OR REPLACE FUNCTION adminconsole_count_login_attempt() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "AttemptCounts" ("Kind", "Period", "Name", "Count") VALUES (0, NEW."Hour", NEW."Outcome", NEW."Count")
        ON CONFLICT ("Kind", "Period", "Name") DO UPDATE SET "Count" = "AttemptCounts"."Count" + EXCLUDED."Count";
    IF NEW."Outcome" IN ('WrongPassword', 'UnknownUser', 'WrongSecondFactor', 'InvalidPasskey', 'LockedOut', 'RepeatedWrongPassword') THEN
        INSERT INTO "AttemptCounts" ("Kind", "Period", "Name", "Count")
            SELECT k.kind, k.period, k.name, NEW."Count"
            FROM (VALUES (1, NEW."Hour", NEW."Address"),
                         (2, NEW."Hour" / 24, NEW."Address"),
                         (3, NEW."Hour", NEW."UserName"),
                         (4, NEW."Hour" / 24, NEW."UserName")) AS k (kind, period, name)
            WHERE k.name <> ''
            ORDER BY k.kind
            ON CONFLICT ("Kind", "Period", "Name") DO UPDATE SET "Count" = "AttemptCounts"."Count" + EXCLUDED."Count";
    END IF;
    RETURN NULL;
END
$$;
""";

    /// <summary>
    /// The counts are hot rows (every attempt of an hour adds to its outcome's), so the trigger is a deferred
    /// constraint trigger: it runs at commit, and holds those rows' locks for the commit only, not for the sign-in.
    /// </summary>
    public const string CountsTrigger = """
CREATE CONSTRAINT TRIGGER "TR_LoginAttempts_Counts" AFTER INSERT ON "LoginAttempts"
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION adminconsole_count_login_attempt();
""";

    public const string DropCountsTrigger = """DROP TRIGGER IF EXISTS "TR_LoginAttempts_Counts" ON "LoginAttempts";""";

    public const string DropCountingFunction = "DROP FUNCTION IF EXISTS adminconsole_count_login_attempt();";
}
