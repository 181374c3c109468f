using ConnexIdP.Bench.TokenSetup;

return await TokenBenchSetup.RunAsync(args);
