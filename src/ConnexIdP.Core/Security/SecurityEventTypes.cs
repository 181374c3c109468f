namespace ConnexIdP.Core.Security;

/// <summary>The stable names of security events: what SIEM rules and the admin API filter on. Never renamed, only added.</summary>
public static class SecurityEventTypes
{
    /// <summary>
    /// A sign-in completed: the browser has a session. Details name the methods used (<c>amr</c>). For an account with a
    /// second factor it follows <see cref="SignInPasswordVerified"/> and the factor's own event.
    /// </summary>
    public const string SignInSucceeded = "signin.succeeded";

    /// <summary>
    /// A password was right (details name the counter it was checked on). No session exists yet: one follows at once for
    /// an account without a second factor, or once the factor is given (<see cref="SignInSucceeded"/>). A password
    /// verified with no sign-in after it means someone else may know the password.
    /// </summary>
    public const string SignInPasswordVerified = "signin.password_verified";
    public const string SignInFailed = "signin.failed";

    /// <summary>A sign-in refused without checking anything, because its counter is in backoff or locked.</summary>
    public const string SignInRefused = "signin.refused";

    public const string AccountLocked = "account.locked";

    /// <summary>An account holder removed a client's access to their account (its grants and tokens are revoked).</summary>
    public const string ConnectedAppRemoved = "consent.revoked";

    /// <summary>An account was signed out everywhere (its sessions ended, its tokens revoked), by its holder or an administrator.</summary>
    public const string AccountSessionsEnded = "account.sessions_ended";

    /// <summary>Someone registered an account through self-service registration.</summary>
    public const string AccountRegistered = "account.registered";

    /// <summary>
    /// A registration named an email that already has an account: the page answered as for a new one and nothing changed
    /// (the event names the existing account, whose owner may be the target).
    /// </summary>
    public const string AccountRegistrationForExisting = "account.registration_for_existing";
    public const string AccountUnlocked = "account.unlocked";
    public const string ClientAuthenticationFailed = "client.authentication_failed";

    /// <summary>A client authentication refused without checking the secret, because its counter is in backoff.</summary>
    public const string ClientAuthenticationRefused = "client.authentication_refused";

    /// <summary>A detection rule fired on a source (its severity is the event's).</summary>
    public const string SourceDetection = "source.detection";

    /// <summary>A source was blocked, by a rule or an operator.</summary>
    public const string SourceBlocked = "source.blocked";

    /// <summary>An operator lifted a source's block.</summary>
    public const string SourceBlockLifted = "source.block_lifted";

    /// <summary>An administrator (the CLI) created an account.</summary>
    public const string AdminAccountCreated = "admin.account_created";

    /// <summary>An administrator disabled an account (its sessions end).</summary>
    public const string AdminAccountDisabled = "admin.account_disabled";

    /// <summary>An administrator gave an account a generated password (its sessions end, its tokens are revoked).</summary>
    public const string AdminPasswordReset = "admin.password_reset";

    public const string AdminClientAdded = "admin.client_added";
    public const string AdminClientRemoved = "admin.client_removed";
    public const string AdminScopeAdded = "admin.scope_added";

    /// <summary>An account finished a sign-in step with a second factor (details name the factor).</summary>
    public const string SecondFactorSucceeded = "mfa.succeeded";

    /// <summary>A correct authenticator code was presented again within its time step: someone may have seen it.</summary>
    public const string SecondFactorReplayed = "mfa.code_replayed";

    /// <summary>An account added a second factor (or an administrator added one for it).</summary>
    public const string SecondFactorEnrolled = "mfa.enrolled";

    public const string SecondFactorRemoved = "mfa.removed";

    /// <summary>A security key answered with a sign counter that did not move forward: it may have been cloned.</summary>
    public const string SecurityKeyCounterRegressed = "mfa.security_key_counter_regressed";

    /// <summary>A recovery code was spent; details say how many are left.</summary>
    public const string RecoveryCodeUsed = "mfa.recovery_code_used";

    /// <summary>A new set of recovery codes replaced the old one.</summary>
    public const string RecoveryCodesGenerated = "mfa.recovery_codes_generated";

    /// <summary>An administrator required (or stopped requiring) a second factor for an account.</summary>
    public const string AdminSecondFactorRequirement = "admin.mfa_requirement_changed";

    /// <summary>An administrator gave a client the <c>admin</c> scope (automation acting on the admin API).</summary>
    public const string AdminScopeGranted = "admin.admin_scope_granted";

    /// <summary>Requests from a blocked source were refused (one event per source and interval, with the count).</summary>
    public const string SourceRefused = "source.refused";

    /// <summary>A sign-in asked the account's phones for approval.</summary>
    public const string PushRequested = "mfa.push_requested";

    /// <summary>A phone approved a sign-in with the right number.</summary>
    public const string PushApproved = "mfa.push_approved";

    /// <summary>A phone picked a number other than the one the sign-in page showed: the request failed.</summary>
    public const string PushWrongNumber = "mfa.push_wrong_number";

    /// <summary>A request was not answered in time.</summary>
    public const string PushExpired = "mfa.push_expired";

    /// <summary>"I'm not signing in": someone else has the password. High severity.</summary>
    public const string PushFraudReported = "mfa.push_fraud_reported";

    /// <summary>Push approval was suspended for the account (fraud reported, or the fatigue limit reached).</summary>
    public const string PushSuspended = "mfa.push_suspended";

    /// <summary>An answer for a request that was already answered, or from a phone that may not answer it.</summary>
    public const string PushAnswerRefused = "mfa.push_answer_refused";
}
