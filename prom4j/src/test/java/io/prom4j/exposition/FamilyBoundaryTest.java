package io.prom4j.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import io.prom4j.CollectorRegistry;
import io.prom4j.Counter;
import io.prom4j.internal.FamilyBoundary;
import io.prom4j.model.MetricFamily;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The writers tell a stream that wants it where each family's bytes end (the gzip encoder reuses
 * compressed blocks by those ends), and their bytes are the same as on any other stream.
 */
class FamilyBoundaryTest {

  /** Records the bytes between family ends, and the arrays handed over by reference. */
  private static final class Recorder extends ByteArrayOutputStream implements FamilyBoundary {
    final List<byte[]> families = new ArrayList<>();
    final List<byte[]> kept = new ArrayList<>();
    private int mark;

    @Override
    public void writeKept(byte[] b, int off, int len) {
      kept.add(b);
      write(b, off, len);
    }

    @Override
    public void familyEnd() {
      byte[] all = toByteArray();
      families.add(Arrays.copyOfRange(all, mark, all.length));
      mark = all.length;
    }
  }

  private static final MetricFamily[] FAMILIES = {
    Families.counter("cc"), Families.gauge17(), Families.histogram(), Families.summary()
  };

  private static Recorder record(ExpositionFormat format) throws IOException {
    Recorder r = new Recorder();
    format.write(r, List.of(FAMILIES));
    return r;
  }

  @Test
  void text_endsEachFamilyAfterItsLastLine_withTheSameBytesAsAPlainStream() throws IOException {
    Recorder r = record(TextFormat.v004());

    assertThat(r.families).hasSize(FAMILIES.length);
    for (int i = 0; i < FAMILIES.length; i++) {
      assertThat(r.families.get(i)).isEqualTo(Families.bytes(TextFormat.v004(), FAMILIES[i]));
    }
    assertThat(r.toByteArray()).isEqualTo(Families.bytes(TextFormat.v004(), FAMILIES));
  }

  @Test
  void openMetrics_endsEachFamily_andWritesEofAfterTheLast() throws IOException {
    Recorder r = record(OpenMetricsFormat.standard());

    assertThat(r.families).hasSize(FAMILIES.length);
    assertThat(new String(r.families.get(0), StandardCharsets.UTF_8)).startsWith("# HELP cc");
    byte[] all = r.toByteArray();
    int ended = r.families.stream().mapToInt(f -> f.length).sum();
    assertThat(new String(all, ended, all.length - ended, StandardCharsets.UTF_8))
        .isEqualTo("# EOF\n");
    assertThat(all).isEqualTo(Families.bytes(OpenMetricsFormat.standard(), FAMILIES));
  }

  @Test
  void protobuf_endsEachFamilyAfterItsDelimitedRecord() throws IOException {
    Recorder r = record(ProtobufFormat.standard());

    assertThat(r.families).hasSize(FAMILIES.length);
    for (int i = 0; i < FAMILIES.length; i++) {
      assertThat(r.families.get(i))
          .isEqualTo(Families.bytes(ProtobufFormat.standard(), FAMILIES[i]));
    }
    assertThat(r.toByteArray()).isEqualTo(Families.bytes(ProtobufFormat.standard(), FAMILIES));
  }

  @Test
  void aFamilyUnchangedSinceTheLastScrape_isHandedOverAsTheSameArray_inTextAndProtobuf()
      throws IOException {
    CollectorRegistry registry = new CollectorRegistry();
    Counter c = Counter.builder().name("jobs").help("Jobs.").labelNames("queue").register(registry);
    c.labels("a").inc();
    for (ExpositionFormat format : List.of(TextFormat.v004(), ProtobufFormat.standard())) {
      format.write(new Recorder(), registry); // renders and keeps the family

      Recorder second = new Recorder();
      format.write(second, registry);
      Recorder third = new Recorder();
      format.write(third, registry);

      assertThat(second.kept).hasSize(1);
      assertThat(third.kept).hasSize(1);
      assertThat(third.kept.get(0)).isSameAs(second.kept.get(0));
      assertThat(third.toByteArray())
          .isEqualTo(Families.bytes(format, registry.collect().toArray(new MetricFamily[0])));
    }
  }
}
