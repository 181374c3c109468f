using System.Security.Cryptography;
using System.Text.Json;
using ConnexIdP.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Core.SecondFactors;

/// <summary>
/// The store of WebAuthn ceremonies in progress (<see cref="WebAuthnChallenge"/>): stored server-side so any server can
/// finish one, single use (only the answer whose DELETE removes the row goes on), expiring; and the parsing of the
/// browser's JSON answers, which never throws on bad input.
/// </summary>
public sealed class WebAuthnChallenges(ConnexDbContext db, IOptions<SecondFactorOptions> options, TimeProvider clock)
{
    private const int MaximumAnswerLength = 64 * 1024;

    public async Task<WebAuthnStart> StoreAsync(string? accountId, WebAuthnCeremony ceremony, string json, string? keyName, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var challenge = new WebAuthnChallenge
        {
            Id = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
            AccountId = accountId,
            Ceremony = ceremony,
            Options = json,
            KeyName = keyName,
            ExpiresAt = now + options.Value.WebAuthn.ChallengeLifetime,
        };

        // Expired ceremonies are cleared as new ones start.
        await db.WebAuthnChallenges.Where(c => c.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        db.WebAuthnChallenges.Add(challenge);
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(challenge).State = EntityState.Detached;
        return new WebAuthnStart(challenge.Id, json);
    }

    /// <summary>Whether <paramref name="challengeId"/> names an unexpired, unanswered ceremony of <paramref name="ceremony"/> (nothing is spent).</summary>
    public Task<bool> IsOpenAsync(string? challengeId, WebAuthnCeremony ceremony, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return challengeId is null
            ? Task.FromResult(false)
            : db.WebAuthnChallenges.AnyAsync(c => c.Id == challengeId && c.Ceremony == ceremony && c.ExpiresAt > now, cancellationToken);
    }

    /// <summary>Spends the ceremony <paramref name="id"/>; null when it is unknown, of another kind, already answered or expired.</summary>
    public async Task<WebAuthnChallenge?> TakeAsync(string? id, WebAuthnCeremony ceremony, CancellationToken cancellationToken)
    {
        if (id is null)
        {
            return null;
        }

        var challenge = await db.WebAuthnChallenges.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.Ceremony == ceremony, cancellationToken);
        if (challenge is null || await db.WebAuthnChallenges.Where(c => c.Id == id).ExecuteDeleteAsync(cancellationToken) != 1)
        {
            return null;
        }

        return challenge.ExpiresAt > clock.GetUtcNow() ? challenge : null;
    }

    /// <summary>A browser's JSON answer, or null when it is missing, too long or not what it should be.</summary>
    public static T? Parse<T>(string? json)
        where T : class
    {
        if (string.IsNullOrEmpty(json) || json.Length > MaximumAnswerLength)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json);
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }
}
