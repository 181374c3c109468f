using System.ComponentModel.DataAnnotations;
using ConnexIdP.Core.SecondFactors.PushApproval;
using Microsoft.Extensions.Options;

namespace ConnexIdP.Core.SecondFactors;

/// <summary>Settings of the second factors, section <c>SecondFactors</c>.</summary>
public sealed class SecondFactorOptions
{
    public const string Section = "SecondFactors";

    [ValidateObjectMembers]
    public TotpOptions Totp { get; set; } = new();

    [ValidateObjectMembers]
    public WebAuthnOptions WebAuthn { get; set; } = new();

    [ValidateObjectMembers]
    public PushOptions Push { get; set; } = new();

    /// <summary>How many recovery codes a set has.</summary>
    [Range(5, 20)]
    public int RecoveryCodeCount { get; set; } = 10;

    /// <summary>How long a second-factor check counts as fresh for removing a factor or renewing recovery codes.</summary>
    [Range(typeof(TimeSpan), "00:00:30", "01:00:00")]
    public TimeSpan FreshCheckWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a person has, after a correct password, to give the second factor (or to enroll one when required).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan PendingSignInLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Every account must use a second factor (those without one are taken to enrollment after their password).</summary>
    public bool RequiredForEveryone { get; set; }
}

/// <summary>Settings of new authenticator apps, section <c>SecondFactors:Totp</c>. Existing apps keep the settings they were enrolled with.</summary>
public sealed class TotpOptions
{
    /// <summary>The issuer shown in the authenticator app next to the account.</summary>
    [Required, StringLength(64, MinimumLength = 1), RegularExpression("^[^:]+$", ErrorMessage = "SecondFactors:Totp:Issuer cannot contain ':'.")]
    public string Issuer { get; set; } = "ConnexIdP";

    public TotpAlgorithm Algorithm { get; set; } = TotpAlgorithm.Sha1;

    [Range(6, 8)]
    public int Digits { get; set; } = 6;

    [Range(15, 120)]
    public int PeriodSeconds { get; set; } = 30;

    /// <summary>Steps accepted either side of the current one, for clocks that drift.</summary>
    [Range(0, 3)]
    public int AllowedDriftSteps { get; set; } = 1;

    /// <summary>How long an enrollment may wait for its first code.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan EnrollmentLifetime { get; set; } = TimeSpan.FromMinutes(10);

    [Range(1, 20)]
    public int MaximumPerAccount { get; set; } = 10;
}
