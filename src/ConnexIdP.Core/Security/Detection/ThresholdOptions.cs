namespace ConnexIdP.Core.Security.Detection;

/// <summary>A rule fires when <see cref="Threshold"/> is reached within <see cref="Window"/>; <see cref="Enabled"/> false turns it off.</summary>
public class ThresholdOptions
{
    /// <summary>Each window keeps at most this many observations per key, which bounds a rule's memory.</summary>
    public const int MaxThreshold = 1000;

    public bool Enabled { get; set; } = true;

    public int Threshold { get; set; }

    public TimeSpan Window { get; set; }
}
