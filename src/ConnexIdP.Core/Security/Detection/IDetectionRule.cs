namespace ConnexIdP.Core.Security.Detection;

/// <summary>One named detection: counts the observations it cares about and reports when its threshold is reached.</summary>
public interface IDetectionRule
{
    /// <summary>Stable, kebab-case: it appears in events, logs and the reasons of the blocks it places.</summary>
    string Name { get; }

    /// <summary>Counts <paramref name="observation"/>; a detection when it reaches the rule's threshold (the count then starts again).</summary>
    Detection? Observe(SourceObservation observation, DateTimeOffset now);
}
