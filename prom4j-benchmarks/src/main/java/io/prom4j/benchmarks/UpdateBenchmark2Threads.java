package io.prom4j.benchmarks;

import org.openjdk.jmh.annotations.Threads;

/** {@link UpdateBenchmark}'s methods on two threads sharing each metric. */
@Threads(2)
public class UpdateBenchmark2Threads extends UpdateBenchmark {}
