namespace AdminConsole.Core;

/// <summary>
/// The shape every options validator here shares: a list of rules, each a check and the error that names the
/// configuration key, so a bad setting stops the start (or a policy edit) with a sentence saying which key.
/// </summary>
public static class OptionsRules
{
    public static ValidateOptionsResult Check(params ReadOnlySpan<(bool Valid, string Error)> rules)
    {
        List<string>? errors = null;
        foreach (var (valid, error) in rules)
        {
            if (!valid)
            {
                (errors ??= []).Add(error);
            }
        }

        return errors is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
