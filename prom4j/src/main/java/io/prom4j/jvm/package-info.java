/**
 * Default collectors: JVM and process metrics with the names Grafana dashboards expect.
 *
 * <p>{@link io.prom4j.CollectorRegistry#defaultRegistry()} holds one instance of each collector
 * below from its first use; {@code new CollectorRegistry()} holds none ({@link
 * io.prom4j.jvm.JvmMetrics#register(io.prom4j.CollectorRegistry)} adds them). Each collector is a
 * public class with a no-argument constructor, so any of them can be registered alone, and each
 * default instance can be removed alone:
 *
 * <pre>{@code
 * CollectorRegistry.defaultRegistry()
 *     .unregister(JvmMetrics.defaultCollector(JvmBufferPoolMetrics.class));
 * }</pre>
 *
 * <p>The JVM metrics have the names, types, units and labels of the official Java client's {@code
 * prometheus-metrics-instrumentation-jvm} (client_java 1.x); the process metrics those of every
 * Prometheus client. Families are named as in OpenMetrics: a counter family {@code x} has the
 * sample {@code x_total}, an info family {@code x} the sample {@code x_info}.
 *
 * <table>
 * <caption>Metrics of the default collectors</caption>
 * <tr><th>Family</th><th>Type</th><th>Unit</th><th>Labels</th><th>Collector</th></tr>
 * <tr><td>jvm_threads_current</td><td>gauge</td><td></td><td></td>
 *     <td rowspan="7">{@link io.prom4j.jvm.JvmThreadsMetrics}</td></tr>
 * <tr><td>jvm_threads_daemon</td><td>gauge</td><td></td><td></td></tr>
 * <tr><td>jvm_threads_peak</td><td>gauge</td><td></td><td></td></tr>
 * <tr><td>jvm_threads_started</td><td>counter</td><td></td><td></td></tr>
 * <tr><td>jvm_threads_deadlocked</td><td>gauge</td><td></td><td></td></tr>
 * <tr><td>jvm_threads_deadlocked_monitor</td><td>gauge</td><td></td><td></td></tr>
 * <tr><td>jvm_threads_state</td><td>gauge</td><td></td><td>state (NEW, RUNNABLE,
 *     BLOCKED, WAITING, TIMED_WAITING, TERMINATED, UNKNOWN)</td></tr>
 * <tr><td>jvm_buffer_pool_used_bytes</td><td>gauge</td><td>bytes</td><td>pool</td>
 *     <td rowspan="3">{@link io.prom4j.jvm.JvmBufferPoolMetrics}</td></tr>
 * <tr><td>jvm_buffer_pool_capacity_bytes</td><td>gauge</td><td>bytes</td><td>pool</td></tr>
 * <tr><td>jvm_buffer_pool_used_buffers</td><td>gauge</td><td></td><td>pool</td></tr>
 * <tr><td>jvm_classes_currently_loaded</td><td>gauge</td><td></td><td></td>
 *     <td rowspan="3">{@link io.prom4j.jvm.JvmClassLoadingMetrics}</td></tr>
 * <tr><td>jvm_classes_loaded</td><td>counter</td><td></td><td></td></tr>
 * <tr><td>jvm_classes_unloaded</td><td>counter</td><td></td><td></td></tr>
 * <tr><td>jvm_compilation_time_seconds</td><td>counter</td><td>seconds</td><td></td>
 *     <td>{@link io.prom4j.jvm.JvmCompilationMetrics}</td></tr>
 * <tr><td>jvm_gc_collection_seconds</td><td>summary (count, sum)</td><td>seconds</td>
 *     <td>gc</td><td>{@link io.prom4j.jvm.JvmGarbageCollectorMetrics}</td></tr>
 * <tr><td>jvm_memory_pool_allocated_bytes</td><td>counter</td><td></td><td>pool</td>
 *     <td>{@link io.prom4j.jvm.JvmMemoryPoolAllocationMetrics}</td></tr>
 * <tr><td>jvm_memory_objects_pending_finalization</td><td>gauge</td><td></td><td></td>
 *     <td rowspan="13">{@link io.prom4j.jvm.JvmMemoryMetrics}</td></tr>
 * <tr><td>jvm_memory_used_bytes</td><td>gauge</td><td>bytes</td><td>area (heap, nonheap)</td></tr>
 * <tr><td>jvm_memory_committed_bytes</td><td>gauge</td><td>bytes</td><td>area</td></tr>
 * <tr><td>jvm_memory_max_bytes</td><td>gauge</td><td>bytes</td><td>area</td></tr>
 * <tr><td>jvm_memory_init_bytes</td><td>gauge</td><td>bytes</td><td>area</td></tr>
 * <tr><td>jvm_memory_pool_used_bytes</td><td>gauge</td><td>bytes</td><td>pool</td></tr>
 * <tr><td>jvm_memory_pool_committed_bytes</td><td>gauge</td><td>bytes</td><td>pool</td></tr>
 * <tr><td>jvm_memory_pool_max_bytes</td><td>gauge</td><td>bytes</td><td>pool</td></tr>
 * <tr><td>jvm_memory_pool_init_bytes</td><td>gauge</td><td>bytes</td><td>pool</td></tr>
 * <tr><td>jvm_memory_pool_collection_used_bytes</td><td>gauge</td><td>bytes</td><td>pool</td></tr>
 * <tr><td>jvm_memory_pool_collection_committed_bytes</td>
 *     <td>gauge</td><td>bytes</td><td>pool</td></tr>
 * <tr><td>jvm_memory_pool_collection_max_bytes</td><td>gauge</td><td>bytes</td><td>pool</td></tr>
 * <tr><td>jvm_memory_pool_collection_init_bytes</td><td>gauge</td><td>bytes</td><td>pool</td></tr>
 * <tr><td>jvm_runtime</td><td>info</td><td></td><td>runtime, vendor, version</td>
 *     <td>{@link io.prom4j.jvm.JvmRuntimeInfoMetrics}</td></tr>
 * <tr><td>process_virtual_memory_bytes (Linux)</td><td>gauge</td><td>bytes</td><td></td>
 *     <td rowspan="6">{@link io.prom4j.jvm.ProcessMetrics}</td></tr>
 * <tr><td>process_resident_memory_bytes (Linux)</td><td>gauge</td><td>bytes</td><td></td></tr>
 * <tr><td>process_start_time_seconds</td><td>gauge</td><td>seconds</td><td></td></tr>
 * <tr><td>process_cpu_seconds</td><td>counter</td><td>seconds</td><td></td></tr>
 * <tr><td>process_open_fds (Unix)</td><td>gauge</td><td></td><td></td></tr>
 * <tr><td>process_max_fds (Unix)</td><td>gauge</td><td></td><td></td></tr>
 * </table>
 *
 * <p>Where prom4j differs from client_java 1.x: the process metrics come from {@code /proc} on
 * Linux, as in the Python client (client_java uses the operating system bean and {@code
 * /proc/self/status}), so {@code process_start_time_seconds} is the kernel's start time of the
 * process rather than the JVM's; {@code jvm_gc_collection_seconds} leaves out a collector whose
 * count is undefined; {@code jvm_threads_deadlocked} is left out, rather than failing, on a JVM
 * that cannot detect synchronizer deadlocks; the runtime info collector is named {@code
 * JvmRuntimeInfoMetrics} (client_java: {@code JvmRuntimeInfoMetric}); and client_java's optional
 * {@code JvmNativeMemoryMetrics} is not provided.
 */
package io.prom4j.jvm;
