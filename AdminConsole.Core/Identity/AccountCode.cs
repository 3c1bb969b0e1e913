using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace AdminConsole.Core.Identity;

/// <summary>Identity tokens as they travel in links: UTF-8, then base64url.</summary>
public static class AccountCode
{
    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    /// <summary>False for anything a link can carry that is not an encoded token, so a mangled link is "invalid", never a 500.</summary>
    public static bool TryDecode(string? code, out string token)
    {
        token = "";
        if (string.IsNullOrWhiteSpace(code) || code.Length > 4096)
        {
            return false;
        }

        try
        {
            token = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(WebEncoders.Base64UrlDecode(code));
            return token.Length > 0;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return false;
        }
    }
}
