using AdminConsole.Core.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminConsole.Core.Data.Migrations.PostgreSql
{
    /// <summary>
    /// The counts the dashboard reads, kept on write: one row-level trigger on LoginAttempts that adds each attempt
    /// to its outcome's hour and each failure (<c>LoginOutcomes.Failures</c>) to its address and account name, by
    /// hour and by day. <c>ON CONFLICT ... DO UPDATE</c> makes the upsert safe when two sign-ins count the same row
    /// at once; every attempt touches its rows in the same order, so parallel sign-ins do not deadlock. The counts
    /// are hot rows (every attempt of an hour adds to its outcome's), so the trigger is a deferred constraint
    /// trigger: it runs at commit, and holds those rows' locks for the commit only, not for the whole sign-in.
    /// </summary>
    [DbContext(typeof(PostgreSqlSecurityDbContext))]
    [Migration("20261207053500_AttemptCountsTrigger")]
    public partial class AttemptCountsTrigger : Migration
    {
        private const string CountingFunction = """
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

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(CountingFunction);
            migrationBuilder.Sql("""
CREATE CONSTRAINT TRIGGER "TR_LoginAttempts_Counts" AFTER INSERT ON "LoginAttempts"
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION adminconsole_count_login_attempt();
""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TR_LoginAttempts_Counts" ON "LoginAttempts";""");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS adminconsole_count_login_attempt();");
        }
    }
}
