using ConnexIdP.Core.Passwords;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Tests.Passwords;

/// <summary>A policy as the server builds it, with the shipped blocklist and optionally an operator's compiled file.</summary>
internal static class TestPolicy
{
    public static PasswordPolicy Create(
        PasswordPolicyProfile profile = PasswordPolicyProfile.Standard, int maximumLength = 256, string[]? contextWords = null, PasswordBlocklist? blocklist = null) =>
        new(Options.Create(new PasswordPolicyOptions { Profile = profile, MaximumLength = maximumLength, ContextWords = [.. contextWords ?? []] }),
            blocklist ?? Blocklist());

    public static PasswordBlocklist Blocklist(string? path = null) =>
        new(Options.Create(new PasswordBlocklistOptions { Path = path }), TimeProvider.System, NullLogger<PasswordBlocklist>.Instance);

    public static PasswordContext Person(string? email = "ada@example.com") => new(email);
}
