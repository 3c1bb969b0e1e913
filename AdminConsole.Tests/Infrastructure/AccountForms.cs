using System.Text.RegularExpressions;

namespace AdminConsole.Tests.Infrastructure;

/// <summary>Posts the account pages' server-rendered forms as a browser would: antiforgery token and form name included.</summary>
public static partial class AccountForms
{
    /// <summary>Loads <paramref name="path"/> for its antiforgery token, then posts the form named <paramref name="formName"/>.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string path, string formName, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var form = new List<KeyValuePair<string, string>> { new("_handler", formName), new("__RequestVerificationToken", await client.AntiforgeryTokenAsync(path)) };
        form.AddRange(fields);
        return await client.PostAsync(path, new FormUrlEncodedContent(form), TestContext.Current.CancellationToken);
    }

    /// <param name="fields">The url-encoded fields after the token, written as sent (odd encodings stay odd).</param>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string path, string formName, string fields)
    {
        var body = $"_handler={formName}&__RequestVerificationToken={Uri.EscapeDataString(await client.AntiforgeryTokenAsync(path))}&{fields}";
        return await client.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"), TestContext.Current.CancellationToken);
    }

    /// <summary>The antiforgery token a page hands out (its cookie lands in the client's cookie jar).</summary>
    public static async Task<string> AntiforgeryTokenAsync(this HttpClient client, string path)
    {
        using var page = await client.GetAsync(path, TestContext.Current.CancellationToken);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var token = AntiforgeryInput().Match(html);
        Assert.True(token.Success, $"{path} answered {(int)page.StatusCode} without a form token.");
        return System.Net.WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    /// <summary>
    /// A page's HTML with what is encrypted afresh for every request (antiforgery values, Blazor's protected
    /// component state, the encrypted target of a form post's redirect, which the Location header shows in clear)
    /// and the given text (a typed address) taken out.
    /// </summary>
    public static async Task<string> ComparableBodyAsync(this HttpResponseMessage response, string typed)
    {
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        html = AntiforgeryValue().Replace(html, "value=\"(token)\"");
        html = ProtectedState().Replace(html, "<!--Blazor-Server-Component-State:(protected)-->");
        html = OpaqueRedirect().Replace(html, "_framework/opaque-redirect?url=(protected)");
        return html.Replace(typed, "(typed)", StringComparison.OrdinalIgnoreCase)
            .Replace(Uri.EscapeDataString(typed), "(typed)", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The Location header with the given text (a typed address) taken out.</summary>
    public static string? ComparableLocation(this HttpResponseMessage response, string typed) =>
        response.Headers.Location?.OriginalString
            .Replace(Uri.EscapeDataString(typed), "(typed)", StringComparison.OrdinalIgnoreCase)
            .Replace(typed, "(typed)", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryInput();

    [GeneratedRegex("(?<=name=\"__RequestVerificationToken\"[^>]*)value=\"[^\"]+\"")]
    private static partial Regex AntiforgeryValue();

    [GeneratedRegex("<!--Blazor-Server-Component-State:[^>]*-->")]
    private static partial Regex ProtectedState();

    [GeneratedRegex("_framework/opaque-redirect\\?url=[^<\"]*")]
    private static partial Regex OpaqueRedirect();
}
