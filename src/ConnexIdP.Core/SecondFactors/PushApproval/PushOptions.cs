using System.ComponentModel.DataAnnotations;

namespace ConnexIdP.Core.SecondFactors.PushApproval;

/// <summary>Settings of push approval with the ConnexIdP Approve app, section <c>SecondFactors:Push</c>.</summary>
public sealed class PushOptions
{
    /// <summary>Whether phones can be added and sign-ins approved on them; when off, accounts use their other factors.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a request waits for the phone's answer.</summary>
    [Range(typeof(TimeSpan), "00:00:15", "00:05:00")]
    public TimeSpan RequestLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the one-time link that registers a phone is valid.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "00:30:00")]
    public TimeSpan EnrollmentLifetime { get; set; } = TimeSpan.FromMinutes(5);

    [Range(1, 20)]
    public int MaximumDevicesPerAccount { get; set; } = 5;

    /// <summary>Denied, wrong-number and unanswered requests within <see cref="FatigueWindow"/> that suspend push approval.</summary>
    [Range(1, 20)]
    public int FatigueLimit { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan FatigueWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long push approval stays suspended once the fatigue limit is reached.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan FatigueSuspension { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long push approval stays suspended after "I'm not signing in" (possible password compromise).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan FraudSuspension { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long the phone's app stays unlocked (receives requests) after the device's credential opened it.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan DeviceSessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How often a waiting page or phone looks for news in the database (news from this server arrives at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:00:10")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Registrations and unlocks of the approval app one source (IPv4 address, IPv6 /64) may start per minute.</summary>
    [Range(2, 10_000)]
    public int DeviceAttemptsPerMinute { get; set; } = 30;
}
