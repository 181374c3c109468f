namespace ConnexIdP.Core.Security.Blocks;

/// <summary>How long a rule's block lasts: the base for a first offence, doubled for each repeat, never over the cap.</summary>
public static class BlockDuration
{
    public static TimeSpan For(int offence, TimeSpan baseDuration, TimeSpan maxDuration)
    {
        // 2^30 times any base of a second or more is far past any cap: no need to shift further.
        var doublings = Math.Clamp(offence - 1, 0, 30);
        var ticks = (double)baseDuration.Ticks * (1L << doublings);
        return ticks >= maxDuration.Ticks ? maxDuration : TimeSpan.FromTicks((long)ticks);
    }
}
