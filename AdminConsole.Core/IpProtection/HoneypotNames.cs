using AdminConsole.Core.Identity;

namespace AdminConsole.Core.IpProtection;

/// <summary>
/// <c>AddressBlocking:HoneypotNames</c>: a full address matches that name; a local part with a trailing <c>@</c>
/// matches it at any domain. Case does not matter: names are compared as <see cref="AccountNames"/> normalises them.
/// </summary>
public static class HoneypotNames
{
    public static bool Matches(IEnumerable<string> honeypots, string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        var typed = AccountNames.Normalize(name);
        foreach (var honeypot in honeypots)
        {
            var h = AccountNames.Normalize(honeypot);
            if (h.Length == 0)
            {
                continue;
            }

            if (h.EndsWith('@') ? typed.StartsWith(h, StringComparison.Ordinal) : typed == h)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A local part and '@' (and a domain, for a full address): one '@', nothing blank around it, no spaces.</summary>
    public static bool IsWellFormed(string? honeypot)
    {
        if (string.IsNullOrWhiteSpace(honeypot) || honeypot.Any(char.IsWhiteSpace) || honeypot.Any(char.IsControl))
        {
            return false;
        }

        var at = honeypot.IndexOf('@');
        return at > 0 && at == honeypot.LastIndexOf('@') && (at == honeypot.Length - 1 || honeypot[(at + 1)..].Contains('.'));
    }
}
