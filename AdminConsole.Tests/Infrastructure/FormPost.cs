using System.Text;
using System.Text.RegularExpressions;

namespace AdminConsole.Tests.Infrastructure;

/// <summary>Posts a static-rendered form as a browser would: load the page for its antiforgery token, then post.</summary>
public static partial class FormPost
{
    /// <param name="fields">The url-encoded fields after the token, written as sent (odd encodings stay odd).</param>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string page, string form, string fields)
    {
        var html = await client.GetStringAsync(page, TestContext.Current.CancellationToken);
        var token = AntiforgeryToken().Match(html);
        Assert.True(token.Success, $"{page} has no antiforgery token");
        var body = $"_handler={form}&__RequestVerificationToken={Uri.EscapeDataString(System.Net.WebUtility.HtmlDecode(token.Groups[1].Value))}&{fields}";
        return await client.PostAsync(page, new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"), TestContext.Current.CancellationToken);
    }

    [GeneratedRegex("""name="__RequestVerificationToken"[^>]*value="([^"]+)" """)]
    private static partial Regex AntiforgeryToken();
}
