namespace AdminConsole.Core.IpProtection;

/// <summary>
/// <c>AddressBlocking:HoneypotNames</c>: a full address matches that name; a local part with a trailing <c>@</c>
/// matches it at any domain. Case does not matter (names are compared as Identity normalises them).
/// </summary>
public static class HoneypotNames
{
    public static bool Matches(IEnumerable<string> honeypots, string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        var typed = name.Trim();
        foreach (var honeypot in honeypots)
        {
            var h = honeypot.Trim();
            if (h.Length == 0)
            {
                continue;
            }

            if (h.EndsWith('@') ? typed.StartsWith(h, StringComparison.OrdinalIgnoreCase) : typed.Equals(h, StringComparison.OrdinalIgnoreCase))
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
