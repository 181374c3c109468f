namespace ConnexIdP.Core.Credentials;

/// <summary>How many account password hashes carry one set of Argon2id costs.</summary>
public sealed record Argon2Usage(Argon2Parameters Parameters, Argon2Standing Standing, long Accounts);
