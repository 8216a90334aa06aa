// libtorch's random generator is process-global and the shared fixture trains with it: no interleaving.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
