// The integration tests start real hosts and push thousands of requests; on a 2-core machine they
// run one class at a time so each measures its own traffic.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
