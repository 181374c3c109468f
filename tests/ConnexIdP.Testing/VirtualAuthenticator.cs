using System.Text.Json;
using Microsoft.Playwright;

namespace ConnexIdP.Testing;

/// <summary>
/// A CDP virtual authenticator attached to one browser context: Chromium answers WebAuthn ceremonies with it as if a
/// security key were plugged in (or a platform passkey were built in), touched at once. Its credentials and their sign
/// counters can be read back, to compare with what the server stored.
/// </summary>
public sealed class VirtualAuthenticator
{
    private readonly ICDPSession _cdp;
    private readonly string _id;

    private VirtualAuthenticator(ICDPSession cdp, string id)
    {
        _cdp = cdp;
        _id = id;
    }

    /// <summary>A YubiKey-like roaming key (CTAP2 over USB) with a PIN, that also keeps discoverable credentials.</summary>
    public static Task<VirtualAuthenticator> SecurityKeyAsync(IPage page) =>
        AttachAsync(page, transport: "usb", userVerification: true);

    /// <summary>A platform authenticator (built-in biometrics), the usual home of a passkey.</summary>
    public static Task<VirtualAuthenticator> PlatformPasskeyAsync(IPage page) =>
        AttachAsync(page, transport: "internal", userVerification: true);

    /// <summary>
    /// Moves this authenticator's credentials (keys and counters) onto a new roaming key with no PIN or biometric, and
    /// unplugs this one: the same registered passkey, now where it cannot verify its user. (Chromium will not register a
    /// discoverable credential on such a key, and refuses outright a key with the capability that fails to verify.)
    /// </summary>
    public async Task<VirtualAuthenticator> MoveToKeyWithoutUserVerificationAsync()
    {
        var credentials = await GetCredentialsAsync();
        await _cdp.SendAsync("WebAuthn.removeVirtualAuthenticator", new Dictionary<string, object> { ["authenticatorId"] = _id });
        var moved = await AddAsync(_cdp, transport: "usb", userVerification: false);
        foreach (var credential in credentials.EnumerateArray())
        {
            await _cdp.SendAsync("WebAuthn.addCredential", new Dictionary<string, object> { ["authenticatorId"] = moved._id, ["credential"] = credential });
        }

        return moved;
    }

    /// <summary>The credentials the authenticator holds, their ids as bytes (CDP spells them in standard base64, WebAuthn in base64url).</summary>
    public async Task<IReadOnlyList<VirtualCredential>> CredentialsAsync()
    {
        var credentials = await GetCredentialsAsync();
        return [.. credentials.EnumerateArray().Select(c => new VirtualCredential(
            Convert.FromBase64String(c.GetProperty("credentialId").GetString()!),
            c.GetProperty("rpId").GetString(),
            c.GetProperty("isResidentCredential").GetBoolean(),
            c.GetProperty("signCount").GetInt64()))];
    }

    private static async Task<VirtualAuthenticator> AttachAsync(IPage page, string transport, bool userVerification)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        return await AddAsync(cdp, transport, userVerification);
    }

    private static async Task<VirtualAuthenticator> AddAsync(ICDPSession cdp, string transport, bool userVerification)
    {
        var added = await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = transport,
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = userVerification,
                ["isUserVerified"] = userVerification,
                ["automaticPresenceSimulation"] = true,
            },
        });
        var id = added?.GetProperty("authenticatorId").GetString()
            ?? throw new InvalidOperationException("WebAuthn.addVirtualAuthenticator gave no authenticator id.");
        return new VirtualAuthenticator(cdp, id);
    }

    private async Task<JsonElement> GetCredentialsAsync()
    {
        var answer = await _cdp.SendAsync("WebAuthn.getCredentials", new Dictionary<string, object> { ["authenticatorId"] = _id })
            ?? throw new InvalidOperationException("WebAuthn.getCredentials gave no answer.");
        return answer.GetProperty("credentials");
    }
}
