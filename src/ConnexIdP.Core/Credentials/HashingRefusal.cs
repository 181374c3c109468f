namespace ConnexIdP.Core.Credentials;

/// <summary>Why <see cref="PasswordHashingGate"/> answered "busy" instead of computing a hash.</summary>
public enum HashingRefusal
{
    /// <summary>Every slot was running and every waiting place was taken.</summary>
    QueueFull = 1,

    /// <summary>The email or the source address already had as many hashes running or waiting as it may.</summary>
    PartitionFull = 2,

    /// <summary>The hash waited for a slot longer than <see cref="PasswordHashingGateOptions.MaxWait"/>.</summary>
    WaitTimedOut = 3,
}
