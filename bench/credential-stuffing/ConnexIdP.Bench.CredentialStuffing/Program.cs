using System.Globalization;
using ConnexIdP.Bench.CredentialStuffing;

// dotnet run -c Release --project bench/credential-stuffing/ConnexIdP.Bench.CredentialStuffing [ATTEMPTS] [ACCOUNTS]
var attempts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var accounts = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000;
return await StuffingRun.RunAsync(attempts, accounts);
