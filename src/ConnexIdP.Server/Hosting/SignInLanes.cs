namespace ConnexIdP.Server.Hosting;

/// <summary>
/// Runs sign-in POSTs on a task scheduler that hands the thread pool at most one piece of their work per core at a
/// time. Refusing a sign-in when password hashing is busy still costs some CPU (form, antiforgery, a lookup, the page);
/// a flood of hundreds at once would otherwise fill the thread pool's first-come-first-served queue, and every request
/// that needs no hashing (discovery, keys, tokens) would wait behind all of them. In lanes, those requests wait behind
/// at most one piece of sign-in work per core, while the sign-ins queue among themselves. Awaiting (the hashing gate,
/// the network, the database) holds no lane: continuations come back through the scheduler.
/// </summary>
internal sealed class SignInLanes
{
    /// <summary>
    /// Thread-pool workers kept ready beside the lanes. On a small machine the pool runs about one worker per core;
    /// lane work alone would then hold every worker, and Kestrel's I/O completions for every other request would queue
    /// behind it after all. Measured on one core during the sign-in storm: discovery at most 425 ms with one worker,
    /// 20 ms with four.
    /// </summary>
    public const int SpareWorkers = 3;

    private readonly RequestDelegate _next;
    private readonly TaskScheduler _lanes;

    public SignInLanes(RequestDelegate next)
    {
        _next = next;
        var lanes = Environment.ProcessorCount;

        // maxItemsPerTask 1: each piece of work is its own thread-pool item, so other requests interleave between them.
        _lanes = new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, lanes, maxItemsPerTask: 1).ConcurrentScheduler;
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        if (workers < lanes + SpareWorkers)
        {
            ThreadPool.SetMinThreads(lanes + SpareWorkers, completionPorts);
        }
    }

    public Task InvokeAsync(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments(SessionDefaults.SignInPath)
            ? Task.Factory.StartNew(() => _next(context), CancellationToken.None, TaskCreationOptions.DenyChildAttach, _lanes).Unwrap()
            : _next(context);
}
