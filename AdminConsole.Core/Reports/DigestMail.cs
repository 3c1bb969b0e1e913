using System.Globalization;
using AdminConsole.Core.Links;
using AdminConsole.Core.Mail;

namespace AdminConsole.Core.Reports;

/// <summary>The weekly digest mail: the report's figures with their change from the week before, and a link to the page.</summary>
public static class DigestMail
{
    public const string Kind = "WeeklyDigest";

    public static OutboxMail Compose(string to, ActivityReport r, PublicLinks links, DateTimeOffset now)
    {
        string Line(string label, Change c) => $"{label}: {c.Current:N0} ({c.Describe()} from {c.Previous:N0} the week before)";
        string Top(string label, IReadOnlyList<RankedChange> rows) =>
            rows.Count == 0 ? $"{label}: none." : $"{label}: " + string.Join(", ", rows.Take(5).Select(x => $"{x.Name} ({x.Count:N0})")) + ".";
        var day = (DateTimeOffset d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var link = links.To("admin/reports", [new("from", day(r.From)), new("to", day(r.To))]);
        return MailComposer.Mail(to, Kind, now, $"Suspicious activity, week to {day(r.To)}",
            [
                $"Sign-in activity from {day(r.From)} to {day(r.To)} (UTC), against the week before.",
                Line("Failed sign-ins", r.FailedSignIns),
                Line("Attacking addresses", r.AttackingAddresses),
                Line("Targeted accounts", r.TargetedAccounts),
                Line("Password sprays found", r.Sprays),
                Line("Distributed attacks found", r.DistributedAttacks),
                Line("Accounts locked", r.Locks) + (r.LocksByTier.Count == 0 ? "" : " - " + string.Join(", ", r.LocksByTier.Select(t => $"tier {t.Key}: {t.Value.Current}"))),
                Line("Addresses blocked", r.Blocks),
                Line("New devices", r.NewDevices),
                Top("Top attacking addresses", r.TopAddresses),
                Top("Top attacking networks", r.TopNetworks),
                Top("Most targeted accounts", r.TopAccounts),
            ],
            ("Open the report", link));
    }
}
