namespace ConnexIdP.Core.Security.Detection;

/// <summary>How serious a detection is: <see cref="High"/> blocks the source it names.</summary>
public enum DetectionSeverity
{
    Low,
    Medium,
    High,
}
