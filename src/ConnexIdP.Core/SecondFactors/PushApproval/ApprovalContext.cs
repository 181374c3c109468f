using System.Net;

namespace ConnexIdP.Core.SecondFactors.PushApproval;

/// <summary>What a sign-in asks the phone to approve: the application's name, where the request came from and with what browser.</summary>
public sealed record ApprovalContext(string ClientName, IPAddress? Source, string? UserAgent);
