using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace AdminConsole.Core.IpProtection;

/// <summary>
/// Reads an address or CIDR range typed by a person or written in configuration. Only unambiguous forms are
/// accepted and the result is canonical; anything else is refused with a message that says what was wrong, so a
/// rule is never stored as typed (<c>IPAddress.TryParse</c> takes <c>0x7f.1</c> as 127.0.0.1).
/// </summary>
public static partial class AddressParser
{
    public sealed record Result(IPNetwork? Network, string? Error)
    {
        public bool Succeeded => Network is not null;

        /// <summary>"192.0.2.7" for one address, "10.0.0.0/16" for a range.</summary>
        public string Canonical => Network is { } n ? Display(n) : "";
    }

    public static string Display(IPNetwork network) =>
        network.PrefixLength == (network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? 32 : 128)
            ? network.BaseAddress.ToString()
            : network.ToString();

    /// <param name="minIPv4Prefix">The widest IPv4 range allowed (e.g. 16); 0 allows any.</param>
    /// <param name="minIPv6Prefix">The widest IPv6 range allowed (e.g. 48); 0 allows any.</param>
    public static Result Parse(string? input, int minIPv4Prefix = 0, int minIPv6Prefix = 0)
    {
        var text = input?.Trim() ?? "";
        if (text.Length == 0)
        {
            return Fail("Enter an IP address or a CIDR range, e.g. 203.0.113.7 or 203.0.113.0/24.");
        }

        if (text.Length > 100)
        {
            return Fail("That is too long to be an IP address or range.");
        }

        // Only ASCII: .NET's \d and int.Parse know other scripts' digits (Arabic-Indic, fullwidth), and an
        // address that looks like another one is exactly what a rule must not be.
        if (!Ascii.IsValid(text) || text.Any(char.IsControl))
        {
            return Fail("Write the address with ASCII digits, dots, colons and a slash only, e.g. 203.0.113.0/24.");
        }

        var slash = text.IndexOf('/');
        var addressPart = slash < 0 ? text : text[..slash];
        int? prefix = null;
        if (slash >= 0)
        {
            var prefixText = text[(slash + 1)..];
            if (!PrefixPattern().IsMatch(prefixText))
            {
                return Fail($"'{prefixText}' after the slash is not a prefix length: write a whole number, e.g. /24.");
            }

            prefix = int.Parse(prefixText, CultureInfo.InvariantCulture);
        }

        if (addressPart.StartsWith('[') && addressPart.EndsWith(']'))
        {
            addressPart = addressPart[1..^1];
        }
        else if (addressPart.StartsWith('['))
        {
            return Fail($"'{text}' looks like an address with a port: remove the brackets and the port.");
        }

        if (addressPart.Contains('%'))
        {
            return Fail($"'{addressPart}' has a zone index (%...), which only means something on one machine: remove it.");
        }

        IPAddress address;
        if (addressPart.Contains(':'))
        {
            if (!IPAddress.TryParse(addressPart, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return Fail($"'{addressPart}' is not an IPv6 address.");
            }

            address = v6;
        }
        else
        {
            if (!DottedQuadPattern().IsMatch(addressPart))
            {
                return Fail($"'{addressPart}' is not an IPv4 address in dotted-quad form: write four decimal numbers from 0 to 255, e.g. 127.0.0.1.");
            }

            var octets = addressPart.Split('.');
            if (octets.Any(o => o.Length > 1 && o[0] == '0'))
            {
                return Fail($"'{addressPart}' has an octet with a leading zero, which some systems read as octal: remove the leading zeros.");
            }

            if (octets.Any(o => int.Parse(o, CultureInfo.InvariantCulture) > 255))
            {
                return Fail($"'{addressPart}' has a number over 255.");
            }

            address = IPAddress.Parse(addressPart);
        }

        var full = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var length = prefix ?? full;
        if (length > full)
        {
            return Fail($"/{length} is longer than an {(full == 32 ? "IPv4" : "IPv6")} address ({full} bits).");
        }

        if (address.IsIPv4MappedToIPv6)
        {
            if (length < 96)
            {
                return Fail($"'{text}' is an IPv4-mapped range shorter than /96: write it as an IPv4 range instead.");
            }

            address = address.MapToIPv4();
            length -= 96;
            full = 32;
        }

        var network = new IPNetwork(Mask(address, length), length);
        if (!network.BaseAddress.Equals(address))
        {
            return Fail($"'{text}' has bits set after the /{length} prefix: did you mean {Display(network)}?");
        }

        var widest = full == 32 ? minIPv4Prefix : minIPv6Prefix;
        if (length < widest)
        {
            return Fail($"/{length} is wider than the widest range allowed for {(full == 32 ? "IPv4" : "IPv6")} (/{widest}).");
        }

        return new Result(network, null);
    }

    /// <summary>The address with every bit after <paramref name="prefixLength"/> cleared.</summary>
    public static IPAddress Mask(IPAddress address, int prefixLength)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefixLength - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }

    private static Result Fail(string error) => new(null, error);

    [GeneratedRegex(@"^[0-9]{1,4}\.[0-9]{1,4}\.[0-9]{1,4}\.[0-9]{1,4}$")]
    private static partial Regex DottedQuadPattern();

    [GeneratedRegex(@"^[0-9]{1,3}$")]
    private static partial Regex PrefixPattern();
}
