using ConnexIdP.Core.Security;

namespace ConnexIdP.Core.Accounts;

/// <summary>Where a sign-in attempt comes from: the request (for events and the hashing gate) and the known device, if any.</summary>
public sealed record SignInAttempt(SecurityEventContext Request, KnownDevice? Device = null);
