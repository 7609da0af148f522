package io.prom4j;

import io.prom4j.model.Labels;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The current OpenTelemetry span, read without a compile-time or run-time dependency on
 * OpenTelemetry: the API is looked up by name once, and absent or unusable means "no tracer".
 *
 * <p>Looked up, in this order: the OpenTelemetry Java agent's own copy of the API ({@value
 * #AGENT_SPAN}, which it relocates so that it works whether or not the application has the API),
 * then the application's ({@value #API_SPAN}). Each is tried through the class loader of prom4j and
 * then the thread context class loader at first use. Every {@link LinkageError} or {@link
 * ReflectiveOperationException} while looking up or probing (no OpenTelemetry, a version from
 * before {@code SpanContext} became an interface, a security manager) means that variant is not
 * used; an exception thrown by the tracer later means "no span" for that call.
 *
 * <p>Implementation notes: the handles are adapted to {@code Object} parameter and return types so
 * that they can be invoked exactly without knowing the classes at compile time; a call that finds
 * no sampled span allocates nothing. Instances are immutable and thread-safe.
 */
final class OpenTelemetrySpans {

  static final String API_SPAN = "io.opentelemetry.api.trace.Span";
  static final String AGENT_SPAN = "io.opentelemetry.javaagent.shaded." + API_SPAN;

  /** The label names OpenMetrics 2.0 and every client use for trace context. */
  static final String TRACE_ID = "trace_id";

  static final String SPAN_ID = "span_id";

  private static final System.Logger LOG = System.getLogger(OpenTelemetrySpans.class.getName());

  /** The tracer found at class initialization, or null when OpenTelemetry is not usable. */
  static final OpenTelemetrySpans CURRENT = find();

  private final String spanClass;
  private final MethodHandle current; // () Object
  private final MethodHandle spanContext; // (Object) Object
  private final MethodHandle sampled; // (Object) boolean
  private final MethodHandle valid; // (Object) boolean
  private final MethodHandle traceId; // (Object) String
  private final MethodHandle spanId; // (Object) String
  private final MethodHandle setAttribute; // (Object, String, String) Object

  private OpenTelemetrySpans(Class<?> span, Class<?> context) throws ReflectiveOperationException {
    MethodHandles.Lookup l = MethodHandles.publicLookup();
    MethodType objectToObject = MethodType.methodType(Object.class, Object.class);
    MethodType objectToBoolean = MethodType.methodType(boolean.class, Object.class);
    MethodType objectToString = MethodType.methodType(String.class, Object.class);
    this.spanClass = span.getName();
    this.current =
        l.findStatic(span, "current", MethodType.methodType(span))
            .asType(MethodType.methodType(Object.class));
    this.spanContext =
        l.findVirtual(span, "getSpanContext", MethodType.methodType(context))
            .asType(objectToObject);
    this.sampled =
        l.findVirtual(context, "isSampled", MethodType.methodType(boolean.class))
            .asType(objectToBoolean);
    this.valid =
        l.findVirtual(context, "isValid", MethodType.methodType(boolean.class))
            .asType(objectToBoolean);
    this.traceId =
        l.findVirtual(context, "getTraceId", MethodType.methodType(String.class))
            .asType(objectToString);
    this.spanId =
        l.findVirtual(context, "getSpanId", MethodType.methodType(String.class))
            .asType(objectToString);
    this.setAttribute =
        l.findVirtual(span, "setAttribute", MethodType.methodType(span, String.class, String.class))
            .asType(MethodType.methodType(Object.class, Object.class, String.class, String.class));
  }

  /** The first usable variant, or null. */
  static OpenTelemetrySpans find() {
    ClassLoader own = OpenTelemetrySpans.class.getClassLoader();
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    for (String name : new String[] {AGENT_SPAN, API_SPAN}) {
      OpenTelemetrySpans spans = probe(name, own);
      if (spans == null && context != own) {
        spans = probe(name, context);
      }
      if (spans != null) {
        LOG.log(System.Logger.Level.DEBUG, "exemplars take trace context from {0}", name);
        return spans;
      }
    }
    return null;
  }

  /**
   * The variant whose {@code Span} interface is {@code spanClassName}, if it loads and answers
   * {@code Span.current()}; null otherwise.
   */
  static OpenTelemetrySpans probe(String spanClassName, ClassLoader loader) {
    try {
      Class<?> span = Class.forName(spanClassName, false, loader);
      String pkg = spanClassName.substring(0, spanClassName.lastIndexOf('.'));
      Class<?> context = Class.forName(pkg + ".SpanContext", false, span.getClassLoader());
      if (!span.isInterface() || !context.isInterface()) {
        return null; // OpenTelemetry before 0.16
      }
      OpenTelemetrySpans spans = new OpenTelemetrySpans(span, context);
      spans.sampledSpan(); // must answer now, or it is not used
      return spans;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return null;
    }
  }

  /** The {@code Span} interface in use, for diagnostics. */
  String spanClass() {
    return spanClass;
  }

  /**
   * The current span's context if the span is valid and sampled, or null (no span, a span that is
   * not sampled, or the tracer failed). Allocates nothing.
   */
  Object sampledSpan() {
    try {
      Object ctx = spanContext.invokeExact(current.invokeExact());
      return (boolean) valid.invokeExact(ctx) && (boolean) sampled.invokeExact(ctx) ? ctx : null;
    } catch (Throwable e) {
      return null;
    }
  }

  /** {@code trace_id} and {@code span_id} of a context that {@link #sampledSpan()} returned. */
  Labels labels(Object spanContext) {
    try {
      String trace = (String) traceId.invokeExact(spanContext);
      String span = (String) spanId.invokeExact(spanContext);
      return Labels.of(TRACE_ID, trace, SPAN_ID, span);
    } catch (Throwable e) {
      return null;
    }
  }

  /**
   * Sets {@code exemplar="true"} on the current span, as client_java does, so that a tail-based
   * sampler can keep the traces that metrics link to.
   */
  void markCurrentSpan() {
    try {
      Object unused = setAttribute.invokeExact(current.invokeExact(), "exemplar", "true");
    } catch (Throwable e) {
      // a tracer that refuses the attribute still gets its exemplar
    }
  }
}
