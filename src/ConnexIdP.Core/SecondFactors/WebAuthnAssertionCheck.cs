namespace ConnexIdP.Core.SecondFactors;

/// <summary>What Fido2 made of an assertion: refused with a reason, or its new sign counter and whether the user was verified.</summary>
public sealed record WebAuthnAssertionCheck(string? Refusal, uint SignCount, bool UserVerified, bool CounterRegressed)
{
    public static readonly WebAuthnAssertionCheck Regressed = new("This security key could not be accepted. Contact your administrator.", 0, false, true);

    public bool Succeeded => Refusal is null;
}
