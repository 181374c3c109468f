namespace ConnexIdP.Cli.Users;

/// <summary>What <c>users unlock</c> did: the email, its account (if any) and how many failure counters it cleared.</summary>
internal sealed record UnlockView(string Email, string? AccountId, int CountersCleared);
