using ConnexIdP.Bench.SignInStorm;

return await SignInStorm.RunAsync(args);
