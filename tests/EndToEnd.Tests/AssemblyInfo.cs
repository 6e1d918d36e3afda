// Each class starts the real app as a process and a real Chromium: one at a time on 2 cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
