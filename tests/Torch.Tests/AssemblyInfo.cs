// The generator, thread count and live-handle counter are process-wide: run tests one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
