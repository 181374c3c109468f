namespace ConnexIdP.Core.SecondFactors.PushApproval;

/// <summary>
/// The outcome of a phone's answer: the request's new <see cref="Status"/> when the answer was taken (approved, wrong
/// number, denied), or an <see cref="Error"/> when it was refused and the request is unchanged. <see cref="SuspendedUntil"/>
/// says when push approval comes back for the account, when this answer suspended it.
/// </summary>
public sealed record ApprovalAnswer(ApprovalStatus? Status, SecondFactorError Error, string Message, DateTimeOffset? SuspendedUntil)
{
    public bool Taken => Status is not null;

    public static ApprovalAnswer Refused(SecondFactorError error, string message) => new(null, error, message, null);
}
