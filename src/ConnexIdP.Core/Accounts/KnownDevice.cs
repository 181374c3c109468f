namespace ConnexIdP.Core.Accounts;

/// <summary>A browser that signed in to <see cref="AccountId"/> before, as its signed device cookie says.</summary>
public sealed record KnownDevice(string DeviceId, string AccountId);
