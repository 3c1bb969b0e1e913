using System.Globalization;
using System.Text;

namespace AdminConsole.Core.Text;

/// <summary>
/// Text a person typed where one line of plain text belongs (user names, email addresses). Control characters
/// there are never meant: CR, LF, NEL (U+0085), the line and paragraph separators (U+2028, U+2029), ESC and the
/// rest of C0 and C1 forge log lines, split headers and CSV rows or drive terminals, so such input is refused at
/// the edge and escaped wherever it is logged (ASVS 16.4.1). An unpaired UTF-16 surrogate is not text at all.
/// </summary>
public static class TypedText
{
    /// <summary>Why <paramref name="value"/> is not one line of plain text, or null when it is.</summary>
    public static string? Problem(string? value)
    {
        if (value is null)
        {
            return null;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (IsForbidden(c))
            {
                return "must not contain control characters (line breaks, tabs, escape codes)";
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return "is not valid text (it holds an unpaired UTF-16 surrogate)";
            }
        }

        return null;
    }

    /// <summary>The value with every control character and unpaired surrogate written as <c>\uXXXX</c>, for logs.</summary>
    public static string ForLog(string? value)
    {
        if (value is null || Problem(value) is null)
        {
            return value ?? "";
        }

        var builder = new StringBuilder(value.Length + 16);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
            if (pair)
            {
                builder.Append(c).Append(value[++i]);
            }
            else if (IsForbidden(c) || char.IsSurrogate(c) || c == '\\')
            {
                builder.Append(c == '\\' ? "\\\\" : "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>C0, DEL and C1 (which holds NEL, U+0085), and the Unicode line and paragraph separators.</summary>
    private static bool IsForbidden(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';
}
