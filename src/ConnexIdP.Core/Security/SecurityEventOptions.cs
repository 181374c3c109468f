namespace ConnexIdP.Core.Security;

/// <summary>Where security events go besides the database (<c>Security:Events</c>).</summary>
public sealed record SecurityEventOptions
{
    public const string Section = "Security:Events";
    public const string NoStream = "none";
    public const string StandardOutput = "stdout";

    /// <summary>
    /// <c>none</c> (the default), <c>stdout</c>, or a file path: each event is written there as one JSON line, for a
    /// SIEM to collect. A file is appended to and may be rotated by moving it away (it is reopened for each event).
    /// </summary>
    public string Stream { get; init; } = NoStream;
}
