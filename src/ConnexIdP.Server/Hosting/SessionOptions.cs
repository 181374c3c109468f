using Microsoft.Extensions.Options;

namespace ConnexIdP.Server.Hosting;

/// <summary>
/// How long a browser session at ConnexIdP lasts (<c>Session</c>): at most <see cref="Lifetime"/> after its sign-in
/// however active it is (re-issuing it, after a step-up or a credential change, never extends it), and, when
/// <see cref="IdleTimeout"/> is set, no longer than that after its last request.
/// </summary>
public sealed record SessionOptions
{
    public const string Section = "Session";

    /// <summary>The longest <see cref="Lifetime"/> accepted.</summary>
    public static readonly TimeSpan MaximumLifetime = TimeSpan.FromDays(30);

    /// <summary>The shortest <see cref="IdleTimeout"/> accepted.</summary>
    public static readonly TimeSpan MinimumIdleTimeout = TimeSpan.FromMinutes(1);

    public TimeSpan Lifetime { get; init; } = TimeSpan.FromHours(8);

    /// <summary>Null (the default): no idle limit, only <see cref="Lifetime"/>.</summary>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>The problems of these settings, in words an operator can act on; empty when they are valid.</summary>
    public IEnumerable<string> Problems()
    {
        if (Lifetime < TimeSpan.FromMinutes(5) || Lifetime > MaximumLifetime)
        {
            yield return $"{Section}:Lifetime is {Lifetime}; it must be between 00:05:00 and {MaximumLifetime}.";
        }

        if (IdleTimeout is { } idle && (idle < MinimumIdleTimeout || idle > Lifetime))
        {
            yield return $"{Section}:IdleTimeout is {idle}; it must be between {MinimumIdleTimeout} and {Section}:Lifetime, or unset.";
        }
    }
}

/// <summary>Stops the start-up on a session lifetime out of range, naming the key and the range.</summary>
internal sealed class SessionOptionsValidator : IValidateOptions<SessionOptions>
{
    public ValidateOptionsResult Validate(string? name, SessionOptions options) =>
        options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
