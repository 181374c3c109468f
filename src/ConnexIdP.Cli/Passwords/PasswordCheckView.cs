using System.Text.Json.Serialization;
using ConnexIdP.Core.Passwords;

namespace ConnexIdP.Cli.Passwords;

/// <summary>The policy's verdict on a password as the CLI shows it: never the password itself.</summary>
internal sealed record PasswordCheckView(
    bool Accepted,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] PasswordRefusal Refusal,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message,
    PasswordPolicyProfile Profile,
    int MinimumLength,
    int MaximumLength);
