using ConnexIdP.Core.Accounts;
using ConnexIdP.Core.SecondFactors;
using ConnexIdP.Core.Security.Detection;
using ConnexIdP.Server.Hosting;

namespace ConnexIdP.Server.SecondFactors;

/// <summary>
/// Feeds failed second factors to the source detection rules, as the sign-in page feeds failed passwords: a source that
/// has an account's password and guesses its codes or keys is counted on that account with its password guesses, and
/// blocked at the repeated-guessing threshold.
/// </summary>
internal static class SecondFactorObservations
{
    public static async Task ObserveAsync(HttpContext http, Account account, SecondFactorResult result, CancellationToken cancellationToken)
    {
        ObservationKind? kind = result.Error switch
        {
            SecondFactorError.WrongCode or SecondFactorError.Replayed => ObservationKind.SecondFactorFailed,
            SecondFactorError.Throttled => ObservationKind.SecondFactorRefused,
            _ => null,
        };
        if (kind is { } observed && http.Connection.RemoteIpAddress is { } source)
        {
            await http.RequestServices.GetRequiredService<SourceDefence>().ObserveAsync(
                new SourceObservation(observed, source, Account: account.NormalizedEmail, Request: SecurityEventRequest.Describe(http)), cancellationToken);
        }
    }
}
