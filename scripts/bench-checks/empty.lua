-- Benchmark baseline: a check that does nothing (its cost is the call itself).
return
