namespace ConnexIdP.Core.Security;

/// <summary>How much a security event matters, lowest first; stored as its number so queries can ask "at least".</summary>
public enum SecuritySeverity
{
    Info = 0,
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}
