namespace ConnexIdP.Core.SecondFactors;

/// <summary>A ceremony begun: its id (sent back with the browser's answer) and the options for <c>navigator.credentials</c>, as JSON.</summary>
public sealed record WebAuthnStart(string ChallengeId, string OptionsJson);
